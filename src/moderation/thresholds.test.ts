import { describe, expect, it } from 'vitest';
import { evaluateModeration } from './thresholds.js';
import type { ModerationResult } from './types.js';

function result(scores: Record<string, number>, flaggedCategories: string[] = []): ModerationResult {
  const categories = Object.fromEntries(Object.keys(scores).map((name) => [name, flaggedCategories.includes(name)]));
  return { model: 'omni-moderation-latest', flagged: flaggedCategories.length > 0, categories, scores, inputCount: 1, cached: false };
}

const noFlag = { useProviderFlag: false };
const withFlag = { useProviderFlag: true };

describe('evaluateModeration', () => {
  it('flags a category whose score reaches its threshold (>=), not one below', () => {
    const r = result({ violence: 0.8, hate: 0.79, sexual: 0.01 });
    expect(evaluateModeration(r, { violence: 0.8, hate: 0.8 }, noFlag)).toEqual({ flagged: true, categories: ['violence'], maxScore: 0.8 });
    expect(evaluateModeration(r, { violence: 0.81 }, noFlag)).toEqual({ flagged: false, categories: [], maxScore: 0.8 });
  });

  it('lists every category over its threshold, sorted', () => {
    const r = result({ violence: 0.9, 'self-harm/intent': 0.6, harassment: 0.7, hate: 0.1 });
    const verdict = evaluateModeration(r, { violence: 0.5, 'self-harm/intent': 0.5, harassment: 0.5, hate: 0.5 }, noFlag);
    expect(verdict.categories).toEqual(['harassment', 'self-harm/intent', 'violence']);
    expect(verdict.maxScore).toBe(0.9);
  });

  it('ignores a category without a threshold unless the provider flag is to be used', () => {
    const r = result({ violence: 0.6, hate: 0.2 }, ['violence']);
    expect(evaluateModeration(r, {}, noFlag).flagged).toBe(false);
    expect(evaluateModeration(r, {}, withFlag)).toEqual({ flagged: true, categories: ['violence'], maxScore: 0.6 });
    expect(evaluateModeration(r, { hate: 0.9 }, withFlag).categories).toEqual(['violence']);
  });

  it('lets a threshold override the provider flag, to loosen as well as to tighten', () => {
    const r = result({ violence: 0.6, hate: 0.2 }, ['violence']);
    expect(evaluateModeration(r, { violence: 0.7 }, withFlag).flagged).toBe(false);
    expect(evaluateModeration(r, { hate: 0.1 }, withFlag).categories).toEqual(['hate', 'violence']);
  });

  it('skips thresholds left undefined, and judges an empty result clean', () => {
    const r = result({ violence: 0.99 }, ['violence']);
    expect(evaluateModeration(r, { violence: undefined }, noFlag).flagged).toBe(false);
    expect(evaluateModeration(r, { violence: undefined }, withFlag).flagged).toBe(true);
    expect(evaluateModeration(result({}), { violence: 0.1 }, withFlag)).toEqual({ flagged: false, categories: [], maxScore: 0 });
  });

  it('does not mistake Object.prototype members for thresholds', () => {
    const r = result({ constructor: 0.5, toString: 0.5 }, ['constructor']);
    expect(evaluateModeration(r, {}, noFlag).flagged).toBe(false);
    expect(evaluateModeration(r, {}, withFlag).categories).toEqual(['constructor']);
  });

  it('uses a threshold of 0 as "always" and 1 as "only certain"', () => {
    const r = result({ violence: 0, hate: 1 });
    expect(evaluateModeration(r, { violence: 0 }, noFlag).categories).toEqual(['violence']);
    expect(evaluateModeration(r, { hate: 1 }, noFlag).categories).toEqual(['hate']);
  });
});
