import { describe, expect, it } from 'vitest';
import { combineModerationResponse } from './response.js';

const one = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  flagged: false,
  categories: { hate: false, violence: false, illicit: null },
  category_scores: { hate: 0.01, violence: 0.02, illicit: 0.001 },
  category_applied_input_types: { hate: ['text'], violence: ['text'], illicit: ['text'] },
  ...over,
});

describe('combineModerationResponse', () => {
  it('takes per category the highest score and any flag, over all inputs', () => {
    const body = {
      id: 'modr-1',
      model: 'omni-moderation-2024-09-26',
      results: [
        one({ flagged: true, categories: { hate: true, violence: false }, category_scores: { hate: 0.9, violence: 0.1 } }),
        one({ category_scores: { hate: 0.2, violence: 0.4 } }),
      ],
    };
    expect(combineModerationResponse(body, 2)).toEqual({
      model: 'omni-moderation-2024-09-26',
      flagged: true,
      categories: { hate: true, violence: false, illicit: false },
      scores: { hate: 0.9, violence: 0.4 },
      inputCount: 2,
    });
  });

  it('accepts null category flags (older text-moderation models)', () => {
    expect(combineModerationResponse({ model: 'text-moderation-007', results: [one()] }, 1)?.categories.illicit).toBe(false);
  });

  it('refuses anything that is not one result per input', () => {
    const bad: unknown[] = [
      null,
      'text',
      [],
      {},
      { results: {} },
      { results: [] },
      { results: [one(), one()] },
      { results: [null] },
      { results: [one({ flagged: 'no' })] },
      { results: [one({ category_scores: undefined })] },
      { results: [one({ category_scores: { hate: '0.1' } })] },
      { results: [one({ category_scores: { hate: 1.5 } })] },
      { results: [one({ category_scores: { hate: -0.1 } })] },
      { results: [one({ categories: { hate: 'yes' } })] },
    ];
    for (const body of bad) expect(combineModerationResponse(body, 1), JSON.stringify(body)).toBeUndefined();
  });

  it('skips category names that are not category names, __proto__ included', () => {
    const body = JSON.parse('{"results":[{"flagged":false,"categories":{"__proto__":true},"category_scores":{"__proto__":0.5,"Weird Name":0.5,"hate":0.1}}]}') as unknown;
    const combined = combineModerationResponse(body, 1);
    expect(combined?.scores).toEqual({ hate: 0.1 });
    expect(Object.getPrototypeOf(combined?.scores)).toBe(Object.prototype);
    expect(combined?.categories).toEqual({});
  });
});
