import { describe, expect, it } from 'vitest';
import { NO_USAGE } from '../../audit/event.js';
import { anthropicUsage, mergeUsage } from './usage.js';

describe('anthropicUsage', () => {
  it('sums uncached input, cache reads and cache writes into input; cached is the reads', () => {
    expect(
      anthropicUsage({ input_tokens: 21, cache_creation_input_tokens: 188, cache_read_input_tokens: 1000, output_tokens: 393 }),
    ).toEqual({ input: 1209, output: 393, cached: 1000, reasoning: null, cacheWrite: 188 });
  });

  it('reads a usage without cache fields', () => {
    expect(anthropicUsage({ input_tokens: 7, output_tokens: 2 })).toEqual({ input: 7, output: 2, cached: null, reasoning: null });
  });

  it('counts cache-only input', () => {
    expect(anthropicUsage({ cache_read_input_tokens: 5 })).toEqual({ input: 5, output: null, cached: 5, reasoning: null });
    expect(anthropicUsage({ cache_creation_input_tokens: 6 })).toEqual({ input: 6, output: null, cached: null, reasoning: null, cacheWrite: 6 });
  });

  it('leaves input null when no input field is present (message_delta)', () => {
    expect(anthropicUsage({ output_tokens: 15 })).toEqual({ input: null, output: 15, cached: null, reasoning: null });
  });

  it('treats null cache fields as absent', () => {
    expect(anthropicUsage({ input_tokens: 3, cache_read_input_tokens: null, cache_creation_input_tokens: null })).toMatchObject({
      input: 3,
      cached: null,
    });
  });

  it.each([undefined, null, 'x', [1]])('gives no usage for %j', (value) => {
    expect(anthropicUsage(value)).toEqual(NO_USAGE);
  });
});

describe('mergeUsage', () => {
  it('lets the update win only for the fields it carries', () => {
    const base = { input: 10, output: 1, cached: 4, reasoning: null };
    expect(mergeUsage(base, { input: null, output: 50, cached: null, reasoning: null })).toEqual({ input: 10, output: 50, cached: 4, reasoning: null });
  });

  it('keeps an update of 0', () => {
    expect(mergeUsage({ input: 10, output: 1, cached: 4, reasoning: 2 }, { input: 0, output: 0, cached: 0, reasoning: 0 })).toEqual({
      input: 0,
      output: 0,
      cached: 0,
      reasoning: 0,
    });
  });

  it('returns the base values when merged with no usage, without mutating either', () => {
    const base = Object.freeze({ input: 1, output: 2, cached: 3, reasoning: 4 });
    expect(mergeUsage(base, NO_USAGE)).toEqual(base);
    expect(mergeUsage(NO_USAGE, base)).toEqual(base);
    expect(NO_USAGE).toEqual({ input: null, output: null, cached: null, reasoning: null });
  });
});
