import { describe, expect, it } from 'vitest';
import { addRateLimitHeaders, rateLimitHeaders } from './headers.js';
import type { SpecMeta } from './scopes.js';
import type { CounterState } from './types.js';

const state = (name: string, limit: number, used: number, resetMs = 30_000): CounterState => ({ name, limit, used, resetMs });

describe('rate-limit headers gathered across stages', () => {
  it('equal the headers of all the counters at once, whatever the stages saw in turn', () => {
    const first: [CounterState[], SpecMeta[]] = [
      [state('rpm:key', 100, 10), state('conc:key', 5, 1), state('rpm:ip', 50, 45)],
      [{ scope: 'key', unit: 'requests' }, { scope: 'key', unit: 'concurrency' }, { scope: 'ip', unit: 'requests' }],
    ];
    const second: [CounterState[], SpecMeta[]] = [
      [state('tpm:key', 1000, 100, 5_000), state('usd-day:key', 10, 1), state('tpm:env', 1000, 100, 9_000)],
      [{ scope: 'key', unit: 'tokens' }, { scope: 'key', unit: 'usd', period: 'day' }, { scope: 'environment', unit: 'tokens' }],
    ];
    const ctx = { responseHeaders: {} as Record<string, string> };
    addRateLimitHeaders(ctx, ...first);
    expect(ctx.responseHeaders).toEqual(rateLimitHeaders(...first));
    addRateLimitHeaders(ctx, ...second);
    const all = rateLimitHeaders([...first[0], ...second[0]], [...first[1], ...second[1]]);
    expect(ctx.responseHeaders).toEqual(all);
    // Ties keep the first counter: the key's tokens (reset 5 s), not the environment's.
    expect(all['x-ratelimit-reset-tokens']).toBe('5s');
    expect(all.ratelimit).toBe('"requests";r=5;t=30, "tokens";r=900;t=5');
    // Counters of no shown unit leave the headers alone.
    const other = { responseHeaders: {} as Record<string, string> };
    addRateLimitHeaders(other, [state('conc:key', 5, 1)], [{ scope: 'key', unit: 'concurrency' }]);
    expect(other.responseHeaders).toEqual({});
  });
});
