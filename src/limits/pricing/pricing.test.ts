import { describe, expect, it } from 'vitest';
import { NO_USAGE } from '../../audit/event.js';
import { costMicroUsd, PRICE_TABLE, type Price, priceFor, resolvePrice, worstCaseMicroUsd } from './index.js';

const usage = (input: number | null, output: number | null, cached: number | null = null, reasoning: number | null = null) => ({ input, output, cached, reasoning });

describe('the price table', () => {
  it('says when and where it is from', () => {
    expect(PRICE_TABLE.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICE_TABLE.source).toMatch(/openai\.com/);
    expect(PRICE_TABLE.source).toMatch(/claude\.com|anthropic\.com/);
  });

  it.each([
    'gpt-4o',
    'gpt-4o-mini',
    'gpt-4.1',
    'gpt-4.1-mini',
    'gpt-4.1-nano',
    'gpt-5',
    'gpt-5-mini',
    'gpt-5-nano',
    'o3',
    'o4-mini',
    'o1',
    'text-embedding-3-small',
    'text-embedding-3-large',
    'claude-opus-4-1',
    'claude-opus-4',
    'claude-sonnet-4-5',
    'claude-sonnet-4',
    'claude-3-7-sonnet',
    'claude-haiku-4-5',
    'claude-3-5-haiku',
  ])('prices %s with sane numbers', (model) => {
    const price = PRICE_TABLE.models[model];
    expect(price).toBeDefined();
    const p = price!;
    expect(p.inputPerMTok).toBeGreaterThan(0);
    expect(p.outputPerMTok).toBeGreaterThanOrEqual(model.startsWith('text-embedding') ? 0 : p.inputPerMTok);
    if (p.cachedInputPerMTok !== undefined) expect(p.cachedInputPerMTok).toBeLessThan(p.inputPerMTok);
    for (const rate of [p.inputPerMTok, p.outputPerMTok, p.cachedInputPerMTok ?? 0]) {
      expect(Math.round(rate * 1e6)).toBeCloseTo(rate * 1e6, 6); // at most six decimals
    }
  });

  it('gives every Claude model cache writes at 1.25× / 2× and reads at 0.1× input', () => {
    for (const [model, price] of Object.entries(PRICE_TABLE.models)) {
      if (!model.startsWith('claude-')) continue;
      expect(price.cacheWritePerMTok).toBeCloseTo(price.inputPerMTok * 1.25, 6);
      expect(price.cacheWrite1hPerMTok).toBeCloseTo(price.inputPerMTok * 2, 6);
      expect(price.cachedInputPerMTok).toBeCloseTo(price.inputPerMTok * 0.1, 6);
    }
  });

  it('knows the published list prices', () => {
    expect(PRICE_TABLE.models['gpt-4o']).toEqual({ inputPerMTok: 2.5, cachedInputPerMTok: 1.25, outputPerMTok: 10 });
    expect(PRICE_TABLE.models['claude-sonnet-4-5']).toMatchObject({ inputPerMTok: 3, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75, cacheWrite1hPerMTok: 6, outputPerMTok: 15 });
    expect(PRICE_TABLE.models['claude-3-5-haiku']).toMatchObject({ inputPerMTok: 0.8, cachedInputPerMTok: 0.08, cacheWritePerMTok: 1, outputPerMTok: 4 });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(PRICE_TABLE.models)).toBe(true);
    expect(Object.isFrozen(PRICE_TABLE.models['gpt-4o'])).toBe(true);
  });
});

describe('priceFor', () => {
  it('finds exact ids, case-insensitively', () => {
    expect(priceFor('gpt-4o')).toBe(PRICE_TABLE.models['gpt-4o']);
    expect(priceFor('GPT-4o')).toBe(PRICE_TABLE.models['gpt-4o']);
  });

  it.each([
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['gpt-4.1-nano-2025-04-14', 'gpt-4.1-nano'],
    ['gpt-5-mini-2025-08-07', 'gpt-5-mini'],
    ['o3-2025-04-16', 'o3'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['claude-opus-4-1-20250805', 'claude-opus-4-1'],
    ['claude-opus-4-1@20250805', 'claude-opus-4-1'],
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet'],
    ['claude-3-5-haiku-20241022', 'claude-3-5-haiku'],
    ['claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
  ])('maps the snapshot %s to %s (the longest known prefix)', (snapshot, base) => {
    expect(priceFor(snapshot)).toBe(PRICE_TABLE.models[base]);
  });

  it.each(['gpt-5-pro', 'gpt-4o-audio-preview', 'gpt-4o-realtime-preview-2024-12-17', 'o3-mini', 'o3-pro', 'chatgpt-4o-latest', 'gpt-4o-mini-tts', 'claude-opus-4-7', 'gpt-4', 'my-deployment', ''])(
    'does not price %j as a cheaper relative',
    (model) => {
      expect(priceFor(model)).toBeUndefined();
    },
  );
});

describe('resolvePrice', () => {
  const fallback: Price = { inputPerMTok: 10, outputPerMTok: 30 };

  it('returns the table price when there is one', () => {
    expect(resolvePrice('gpt-4o-2024-08-06', { unknownModel: 'deny' })).toEqual({ kind: 'known', price: PRICE_TABLE.models['gpt-4o'] });
  });

  it('refuses unknown models under "deny", with a typed code', () => {
    const result = resolvePrice('mystery-model', { unknownModel: 'deny', defaultPrice: fallback });
    expect(result).toMatchObject({ kind: 'unknown', code: 'unknown_model_price' });
    if (result.kind !== 'unknown') throw new Error('expected unknown');
    expect(result.message).toContain('mystery-model');
  });

  it('charges the default price under "default"', () => {
    expect(resolvePrice('mystery-model', { unknownModel: 'default', defaultPrice: fallback })).toEqual({ kind: 'default', price: fallback });
  });

  it('never falls back to zero: "default" without a (valid) default price is still unknown', () => {
    expect(resolvePrice('mystery-model', { unknownModel: 'default' })).toMatchObject({ kind: 'unknown', code: 'unknown_model_price' });
    expect(resolvePrice('mystery-model', { unknownModel: 'default', defaultPrice: { inputPerMTok: -1, outputPerMTok: 1 } })).toMatchObject({ kind: 'unknown' });
    expect(resolvePrice('mystery-model', { unknownModel: 'default', defaultPrice: { inputPerMTok: Number.NaN, outputPerMTok: 1 } })).toMatchObject({ kind: 'unknown' });
  });

  it('treats a missing model as unknown', () => {
    expect(resolvePrice(undefined, { unknownModel: 'deny' })).toMatchObject({ kind: 'unknown' });
    expect(resolvePrice('', { unknownModel: 'default', defaultPrice: fallback })).toMatchObject({ kind: 'default' });
  });

  it('accepts the config’s price shape as the default', () => {
    const configured = { inputPerMTok: 1, cachedInputPerMTok: 0.5, outputPerMTok: 2 };
    expect(resolvePrice('x', { unknownModel: 'default', defaultPrice: configured })).toEqual({ kind: 'default', price: configured });
  });
});

describe('costMicroUsd', () => {
  const gpt4o = PRICE_TABLE.models['gpt-4o']!;
  const sonnet = PRICE_TABLE.models['claude-sonnet-4-5']!;

  it('is exact in micro-dollars: tokens × USD per million', () => {
    // 1000 × $2.50/M + 500 × $10/M = 2500 + 5000 µ$
    expect(costMicroUsd(gpt4o, usage(1000, 500))).toBe(7500);
  });

  it('charges cached input at the cached price, the rest of the input at the input price', () => {
    // input 1000 of which 800 cached: 200 × 2.5 + 800 × 1.25 + 100 × 10 = 500 + 1000 + 1000
    expect(costMicroUsd(gpt4o, usage(1000, 100, 800))).toBe(2500);
  });

  it('does not charge reasoning tokens twice (they are part of output)', () => {
    expect(costMicroUsd(gpt4o, usage(1000, 500, null, 400))).toBe(costMicroUsd(gpt4o, usage(1000, 500)));
  });

  it('rounds up, so a cost is never under-stated', () => {
    // 7 × $0.075/M cached + 1 × $0.15/M = 0.675 µ$ → 1
    expect(costMicroUsd(PRICE_TABLE.models['gpt-4o-mini']!, usage(8, 0, 7))).toBe(1);
    expect(costMicroUsd(PRICE_TABLE.models['gpt-4o-mini']!, usage(1, 0))).toBe(1);
    expect(costMicroUsd(gpt4o, NO_USAGE)).toBe(0);
  });

  it('has no floating-point drift on large counts', () => {
    // 3 × 10⁹ tokens × $0.1/M = 300 000 000 µ$ exactly
    expect(costMicroUsd(PRICE_TABLE.models['gpt-4.1-nano']!, usage(3e9, 0))).toBe(300_000_000);
  });

  it('charges Anthropic cache writes at 1.25× and 1-hour writes at 2× the input price', () => {
    // input 10 000 = 2 000 uncached + 5 000 read + 2 000 written (5 m) + 1 000 written (1 h)
    const cost = costMicroUsd(sonnet, usage(10_000, 1000, 5000), { cacheWriteTokens: 2000, cacheWrite1hTokens: 1000 });
    expect(cost).toBe(2000 * 3 + 5000 * 0.3 + 2000 * 3.75 + 1000 * 6 + 1000 * 15);
  });

  it('reads cache writes from the usage itself when it carries them', () => {
    const withWrites = { ...usage(10_000, 0, 0), cacheWrite: 4000 };
    expect(costMicroUsd(sonnet, withWrites)).toBe(6000 * 3 + 4000 * 3.75);
  });

  it('charges a model without a cached price the full input price for cached tokens', () => {
    const plain: Price = { inputPerMTok: 2, outputPerMTok: 4 };
    expect(costMicroUsd(plain, usage(100, 0, 100))).toBe(200);
  });

  it('switches the whole request to long-context rates above the threshold', () => {
    expect(costMicroUsd(sonnet, usage(200_000, 1000))).toBe(200_000 * 3 + 1000 * 15);
    expect(costMicroUsd(sonnet, usage(200_001, 1000))).toBe(200_001 * 6 + 1000 * 22.5);
  });

  it('never goes negative on inconsistent usage', () => {
    expect(costMicroUsd(gpt4o, usage(100, 10, 500))).toBe(500 * 1.25 + 10 * 10);
    expect(costMicroUsd(gpt4o, usage(-5, -5))).toBe(0);
  });

  it('prices embeddings by input alone', () => {
    expect(costMicroUsd(PRICE_TABLE.models['text-embedding-3-small']!, usage(50_000, null))).toBe(1000);
  });
});

describe('worstCaseMicroUsd', () => {
  const gpt4o = PRICE_TABLE.models['gpt-4o']!;
  const sonnet = PRICE_TABLE.models['claude-sonnet-4-5']!;

  it('charges all input at the full price plus the whole output cap', () => {
    expect(worstCaseMicroUsd(gpt4o, 1000, 500)).toBe(1000 * 2.5 + 500 * 10);
  });

  it('is never below the actual cost of a request within its bounds', () => {
    const worst = worstCaseMicroUsd(gpt4o, 1000, 500);
    for (const [input, output, cached] of [
      [1000, 500, 0],
      [1000, 500, 1000],
      [900, 1, 0],
    ] as const) {
      expect(costMicroUsd(gpt4o, usage(input, output, cached))).toBeLessThanOrEqual(worst);
    }
  });

  it('uses long-context rates when the input is over the threshold', () => {
    expect(worstCaseMicroUsd(sonnet, 300_000, 1000)).toBe(300_000 * 6 + 1000 * 22.5);
  });

  it('charges the dearest cache-write rate when the request may write the cache', () => {
    expect(worstCaseMicroUsd(sonnet, 1000, 0, { cacheWrites: true })).toBe(1000 * 6);
    expect(worstCaseMicroUsd(gpt4o, 1000, 0, { cacheWrites: true })).toBe(1000 * 2.5);
  });

  it('rounds up', () => {
    expect(worstCaseMicroUsd(PRICE_TABLE.models['gpt-5-nano']!, 1, 0)).toBe(1);
  });
});
