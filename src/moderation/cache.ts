import { createHash } from 'node:crypto';
import type { ModerationResult } from './types.js';

/** Remembers moderation results by content, so a repeated prompt costs no second call. */
export interface ModerationCache {
  get(key: string): ModerationResult | undefined;
  set(key: string, result: ModerationResult): void;
  readonly size: number;
}

export interface ModerationCacheOptions {
  /** At most this many results are held; the least recently used goes first. 0 disables. */
  readonly maxEntries: number;
  /** A result is reused for this long after it was fetched. 0 disables. */
  readonly ttlMs: number;
  /** The clock, for tests. */
  readonly now?: () => number;
}

/**
 * The cache key: sha256 over the model and the inputs, JSON-encoded. JSON encoding is injective
 * for string arrays (unlike a plain join: ["a b"] vs ["a", "b"]), and the model is part of the
 * key because another model scores differently. Only the digest is kept, never the prompt text.
 */
export function moderationCacheKey(model: string, inputs: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify([model, inputs])).digest('hex');
}

/**
 * A bounded LRU with a TTL, in memory and per process: moderation of the same text is
 * deterministic enough that a few minutes of reuse is safe, and a cache miss only costs a call.
 * A Map keeps insertion order, so re-inserting on read makes its first key the least recent.
 */
export function createModerationCache(options: ModerationCacheOptions): ModerationCache {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { readonly result: ModerationResult; readonly expiresAt: number }>();
  const enabled = options.maxEntries > 0 && options.ttlMs > 0;

  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      entries.delete(key);
      if (entry.expiresAt <= now()) return undefined;
      entries.set(key, entry);
      return entry.result;
    },
    set(key, result) {
      if (!enabled) return;
      entries.delete(key);
      entries.set(key, { result, expiresAt: now() + options.ttlMs });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
