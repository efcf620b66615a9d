import { describe, expect, it } from 'vitest';
import { openaiUsage } from './usage.js';

describe('openaiUsage', () => {
  it('reads the Chat Completions shape with cached and reasoning details', () => {
    expect(
      openaiUsage({
        prompt_tokens: 1200,
        completion_tokens: 300,
        total_tokens: 1500,
        prompt_tokens_details: { cached_tokens: 1024, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 128, audio_tokens: 0 },
      }),
    ).toEqual({ input: 1200, output: 300, cached: 1024, reasoning: 128 });
  });

  it('reads the Responses shape', () => {
    expect(
      openaiUsage({
        input_tokens: 50,
        output_tokens: 9,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens_details: { reasoning_tokens: 3 },
      }),
    ).toEqual({ input: 50, output: 9, cached: 0, reasoning: 3 });
  });

  it('reads embeddings usage, which has no output', () => {
    expect(openaiUsage({ prompt_tokens: 8, total_tokens: 8 })).toEqual({ input: 8, output: null, cached: null, reasoning: null });
  });

  it('prefers prompt_tokens over input_tokens when both are present', () => {
    expect(openaiUsage({ prompt_tokens: 1, input_tokens: 2, completion_tokens: 3, output_tokens: 4 })).toMatchObject({ input: 1, output: 3 });
  });

  it('keeps 0 as 0, not as missing', () => {
    expect(openaiUsage({ prompt_tokens: 0, completion_tokens: 0 })).toEqual({ input: 0, output: 0, cached: null, reasoning: null });
  });

  it('ignores values that are not finite numbers', () => {
    expect(
      openaiUsage({ prompt_tokens: '12', completion_tokens: null, prompt_tokens_details: { cached_tokens: Infinity } }),
    ).toEqual({ input: null, output: null, cached: null, reasoning: null });
  });

  it.each([undefined, null, 42, 'usage', [1, 2]])('gives no usage for %j', (value) => {
    expect(openaiUsage(value)).toEqual({ input: null, output: null, cached: null, reasoning: null });
  });
});
