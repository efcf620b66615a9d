import { inspect } from 'node:util';

/** What a secrets manager tells about a value besides the value: never secret. */
export interface SecretMetadata {
  readonly version?: string | null | undefined;
  readonly createdAt?: Date | null | undefined;
}

/**
 * A secret value that cannot leak by accident: it prints, serializes and inspects as
 * `[secret]`. Only `reveal()` gives the value, and it is called only where the value is used: the
 * provider adapters (the upstream credential header) and start-up (the pseudonym key, store URLs).
 */
export class Secret {
  readonly #value: string;
  /** Where the value came from (the reference, never the value), for errors and `doctor`. */
  readonly ref: string;
  /** The store's version id of this value, when the store has versions (Vault, AWS, Azure, GCP). */
  readonly version: string | null;
  /** When the store created this version: the key's age for the rotation policy. */
  readonly createdAt: Date | null;

  constructor(value: string, ref: string, meta: SecretMetadata = {}) {
    this.#value = value;
    this.ref = ref;
    this.version = meta.version ?? null;
    this.createdAt = meta.createdAt ?? null;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[secret]';
  }

  toJSON(): string {
    return '[secret]';
  }

  [inspect.custom](): string {
    return `Secret(${this.ref})`;
  }
}
