import { describe, expect, it } from 'vitest';
import { createModerationCache, moderationCacheKey } from './cache.js';
import type { ModerationResult } from './types.js';

const result = (score: number): ModerationResult => ({ model: 'm', flagged: false, categories: {}, scores: { hate: score }, inputCount: 1, cached: false });

describe('moderationCacheKey', () => {
  it('is a sha256 hex digest that holds no input text', () => {
    const key = moderationCacheKey('omni-moderation-latest', ['my secret prompt']);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(moderationCacheKey('omni-moderation-latest', ['my secret prompt'])).toBe(key);
  });

  it('tells apart inputs a plain join would confuse, and models', () => {
    const keys = [
      moderationCacheKey('m', ['a b']),
      moderationCacheKey('m', ['a', 'b']),
      moderationCacheKey('m', ['a,b']),
      moderationCacheKey('m', ['a', ',b']),
      moderationCacheKey('m', ['a"', 'b']),
      moderationCacheKey('m', []),
      moderationCacheKey('m', ['']),
      moderationCacheKey('m2', ['a b']),
      moderationCacheKey('m', ['b', 'a']),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('createModerationCache', () => {
  it('returns what was stored until the TTL passes', () => {
    let now = 1_000;
    const cache = createModerationCache({ maxEntries: 10, ttlMs: 500, now: () => now });
    cache.set('k', result(0.1));
    now += 499;
    expect(cache.get('k')?.scores.hate).toBe(0.1);
    now += 1;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const cache = createModerationCache({ maxEntries: 2, ttlMs: 60_000 });
    cache.set('a', result(0.1));
    cache.set('b', result(0.2));
    expect(cache.get('a')).toBeDefined(); // now b is the least recent
    cache.set('c', result(0.3));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
  });

  it('replaces an entry and renews its TTL on set', () => {
    let now = 0;
    const cache = createModerationCache({ maxEntries: 2, ttlMs: 100, now: () => now });
    cache.set('a', result(0.1));
    now = 90;
    cache.set('a', result(0.5));
    now = 150;
    expect(cache.get('a')?.scores.hate).toBe(0.5);
    expect(cache.size).toBe(1);
  });

  it('stores nothing when disabled by a zero size or TTL', () => {
    for (const options of [{ maxEntries: 0, ttlMs: 1_000 }, { maxEntries: 10, ttlMs: 0 }]) {
      const cache = createModerationCache(options);
      cache.set('a', result(0.1));
      expect(cache.get('a')).toBeUndefined();
      expect(cache.size).toBe(0);
    }
  });
});
