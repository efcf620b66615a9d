/**
 * The price table: USD per million tokens, per model id (no dated snapshot suffix; see
 * priceFor). How to update it is in README.md beside this file. Field names match the config's
 * `pricing.defaultPrice`, so a configured price and a table price are the same shape.
 */
export interface Price {
  readonly inputPerMTok: number;
  /** OpenAI cached input / Anthropic cache reads. Absent: cached tokens cost the full input price. */
  readonly cachedInputPerMTok?: number;
  readonly outputPerMTok: number;
  /** Anthropic 5-minute cache writes (1.25 × input). Absent: charged at the input price. */
  readonly cacheWritePerMTok?: number;
  /** Anthropic 1-hour cache writes (2 × input). Absent: charged as 5-minute writes. */
  readonly cacheWrite1hPerMTok?: number;
  /** Rates for the whole request when its input (cached and written included) exceeds a threshold. */
  readonly longContext?: {
    readonly aboveInputTokens: number;
    readonly price: Omit<Price, 'longContext'>;
  };
}

export interface PriceTable {
  /** The day the figures were last checked against the sources. */
  readonly asOf: string;
  readonly source: string;
  readonly models: Readonly<Record<string, Price>>;
}

function anthropic(input: number, output: number): Price {
  // Anthropic's prompt-caching multipliers: writes 1.25× (5 min) or 2× (1 h), reads 0.1× input.
  return {
    inputPerMTok: input,
    cachedInputPerMTok: round(input * 0.1),
    outputPerMTok: output,
    cacheWritePerMTok: round(input * 1.25),
    cacheWrite1hPerMTok: round(input * 2),
  };
}

// Six decimals is the table's precision (a millionth of a dollar per million tokens).
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

// Claude Sonnet 4 and 4.5 with the 1M-token context: prompts over 200K tokens are billed at $6
// input / $22.50 output for the whole request.
const SONNET_4: Price = { ...anthropic(3, 15), longContext: { aboveInputTokens: 200_000, price: anthropic(6, 22.5) } };
const OPUS_4: Price = anthropic(15, 75);

export const PRICE_TABLE: PriceTable = deepFreeze({
  asOf: '2026-12-03',
  source:
    'OpenAI: openai.com/api/pricing (standard tier); Anthropic: docs.claude.com/en/docs/about-claude/pricing (base input, ' +
    '5m/1h cache writes, cache hits, output). See src/limits/pricing/README.md for what was checked and how.',
  models: {
    // OpenAI — text models (standard tier; Batch, Flex and Priority tiers are priced differently).
    'gpt-4o': { inputPerMTok: 2.5, cachedInputPerMTok: 1.25, outputPerMTok: 10 },
    'gpt-4o-mini': { inputPerMTok: 0.15, cachedInputPerMTok: 0.075, outputPerMTok: 0.6 },
    'gpt-4.1': { inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8 },
    'gpt-4.1-mini': { inputPerMTok: 0.4, cachedInputPerMTok: 0.1, outputPerMTok: 1.6 },
    'gpt-4.1-nano': { inputPerMTok: 0.1, cachedInputPerMTok: 0.025, outputPerMTok: 0.4 },
    'gpt-5': { inputPerMTok: 1.25, cachedInputPerMTok: 0.125, outputPerMTok: 10 },
    'gpt-5-mini': { inputPerMTok: 0.25, cachedInputPerMTok: 0.025, outputPerMTok: 2 },
    'gpt-5-nano': { inputPerMTok: 0.05, cachedInputPerMTok: 0.005, outputPerMTok: 0.4 },
    o1: { inputPerMTok: 15, cachedInputPerMTok: 7.5, outputPerMTok: 60 },
    o3: { inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8 },
    'o4-mini': { inputPerMTok: 1.1, cachedInputPerMTok: 0.275, outputPerMTok: 4.4 },
    // OpenAI — embeddings (input only).
    'text-embedding-3-small': { inputPerMTok: 0.02, outputPerMTok: 0 },
    'text-embedding-3-large': { inputPerMTok: 0.13, outputPerMTok: 0 },
    // Anthropic. `-0` ids are Anthropic's aliases of the first Claude 4 models.
    'claude-opus-4-1': OPUS_4,
    'claude-opus-4': OPUS_4,
    'claude-opus-4-0': OPUS_4,
    'claude-sonnet-4-5': SONNET_4,
    'claude-sonnet-4': SONNET_4,
    'claude-sonnet-4-0': SONNET_4,
    'claude-3-7-sonnet': anthropic(3, 15),
    'claude-haiku-4-5': anthropic(1, 5),
    'claude-3-5-haiku': anthropic(0.8, 4),
  },
});

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
