import type { Secret } from './secret.js';

/**
 * A place secrets are read from, chosen by the scheme of a reference (`env:`, `file:`; the
 * secrets-manager issue adds vault:, aws:, azure:, gcp: behind this same interface).
 */
export interface SecretSource {
  readonly scheme: string;
  /** Reads the secret named by the part of the reference after `scheme:`. */
  read(name: string, ref: string): Promise<Secret>;
}

export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretError';
  }
}
