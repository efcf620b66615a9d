import type { Secret } from './secret.js';

/**
 * A place secrets are read from, chosen by the scheme of a reference: `env:`, `file:`, and the
 * secrets managers `vault:`, `aws:`, `azure:`, `gcp:` (docs/secrets.md). A manager's SDK is
 * imported on its first read, so an unused one costs nothing.
 */
export interface SecretSource {
  readonly scheme: string;
  /**
   * Reads the secret named by the part of the reference after `scheme:`. Rejects with a
   * SecretError whose message names the reference and never the value.
   */
  read(name: string, ref: string): Promise<Secret>;
  /** Releases connections the source holds. */
  close?(): Promise<void>;
}

export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretError';
  }
}
