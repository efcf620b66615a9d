import { inspect } from 'node:util';

/**
 * A secret value that cannot leak by accident: it prints, serializes and inspects as
 * `[secret]`. Only `reveal()` gives the value, and it is called only where the value is used: the
 * provider adapters (the upstream credential header) and start-up (the pseudonym key, store URLs).
 */
export class Secret {
  readonly #value: string;
  /** Where the value came from (the reference, never the value), for errors and `doctor`. */
  readonly ref: string;

  constructor(value: string, ref: string) {
    this.#value = value;
    this.ref = ref;
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
