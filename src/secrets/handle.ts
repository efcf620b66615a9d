import { Secret } from './secret.js';
import type { SecretResolver } from './resolve.js';

/** What `secrets status` and the metrics show of one secret: never its value. */
export interface SecretState {
  readonly ref: string;
  readonly version: string | null;
  /** When the store created the version in use (ISO), when the store says. */
  readonly createdAt: string | null;
  /** When the value in use was first read (ISO). */
  readonly loadedAt: string | null;
  readonly lastRefreshAt: string | null;
  readonly lastRefreshOk: boolean;
  /** The last failure's message (it names the reference, never a value). */
  readonly lastError: string | null;
  readonly consecutiveFailures: number;
}

export type RefreshResult = { readonly kind: 'unchanged' | 'changed' } | { readonly kind: 'failed'; readonly error: Error };

/**
 * One secret reference as the gateway keeps it: the last good value, read again on demand. A
 * failed read keeps the last good value. Concurrent refreshes share one read.
 */
export class SecretHandle {
  readonly ref: string;
  readonly #resolver: SecretResolver;
  readonly #now: () => number;
  #current: Secret | undefined;
  #loadedAt: number | null = null;
  #lastRefreshAt: number | null = null;
  #lastError: string | null = null;
  #failures = 0;
  #inflight: Promise<RefreshResult> | undefined;
  readonly #listeners: ((secret: Secret) => void)[] = [];

  constructor(ref: string, resolver: SecretResolver, now: () => number = Date.now) {
    this.ref = ref;
    this.#resolver = resolver;
    this.#now = now;
  }

  /** The value in use; throws before the first successful read. */
  get current(): Secret {
    if (!this.#current) throw new Error(`secret ${this.ref} has not been read`);
    return this.#current;
  }

  get loaded(): boolean {
    return this.#current !== undefined;
  }

  /** Milliseconds since the last refresh attempt (Infinity when never). */
  sinceLastAttempt(): number {
    return this.#lastRefreshAt === null ? Number.POSITIVE_INFINITY : this.#now() - this.#lastRefreshAt;
  }

  /** Called with the new value whenever a refresh brings a different one. */
  onChange(listener: (secret: Secret) => void): void {
    this.#listeners.push(listener);
  }

  /** Reads the secret again; a failure keeps the value in use and is returned, not thrown. */
  refresh(): Promise<RefreshResult> {
    this.#inflight ??= this.#read().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #read(): Promise<RefreshResult> {
    let next: Secret;
    try {
      next = await this.#resolver.resolve(this.ref);
    } catch (err) {
      this.#lastRefreshAt = this.#now();
      this.#failures += 1;
      this.#lastError = (err as Error).message;
      return { kind: 'failed', error: err as Error };
    }
    this.#lastRefreshAt = this.#now();
    this.#failures = 0;
    this.#lastError = null;
    const previous = this.#current;
    const changed = previous !== undefined && (previous.reveal() !== next.reveal() || previous.version !== next.version);
    if (previous === undefined || changed) {
      this.#current = next;
      this.#loadedAt = this.#now();
    }
    if (changed) for (const listener of this.#listeners) listener(next);
    return { kind: changed ? 'changed' : 'unchanged' };
  }

  state(): SecretState {
    const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
    return {
      ref: this.ref,
      version: this.#current?.version ?? null,
      createdAt: this.#current?.createdAt?.toISOString() ?? null,
      loadedAt: iso(this.#loadedAt),
      lastRefreshAt: iso(this.#lastRefreshAt),
      lastRefreshOk: this.#failures === 0 && this.#current !== undefined,
      lastError: this.#lastError,
      consecutiveFailures: this.#failures,
    };
  }
}

/**
 * A Secret whose value is looked up at each use: handed to code that keeps a Secret for a long
 * time (the moderation client), so it follows refreshes and failovers.
 */
export class LiveSecret extends Secret {
  readonly #get: () => Secret;

  constructor(ref: string, get: () => Secret) {
    super('', ref);
    this.#get = get;
  }

  override reveal(): string {
    return this.#get().reveal();
  }
}
