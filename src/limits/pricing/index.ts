import type { TokenUsage } from '../../audit/event.js';
import { type Price, PRICE_TABLE } from './prices.js';

export { PRICE_TABLE, type Price, type PriceTable } from './prices.js';

// What may follow a known model id and still name the same model: a dated snapshot
// (gpt-4o-2024-08-06, claude-sonnet-4-5-20250929, Vertex's claude-opus-4-1@20250805) or
// "-latest". Nothing else: "gpt-5-pro" or "gpt-4o-audio-preview" are different products with
// different prices, and pricing them as their prefix would under-state them.
const SNAPSHOT_SUFFIX = /^(?:-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8}|-latest)$/;

/**
 * The table price of a model: its exact id, else the longest table id it extends by a snapshot
 * suffix. Undefined for anything else — callers must not treat that as free (see resolvePrice).
 */
export function priceFor(model: string): Price | undefined {
  const id = model.trim().toLowerCase();
  const exact = PRICE_TABLE.models[id];
  if (exact) return exact;
  let best: string | undefined;
  for (const known of Object.keys(PRICE_TABLE.models)) {
    if (id.startsWith(known) && SNAPSHOT_SUFFIX.test(id.slice(known.length)) && (best === undefined || known.length > best.length)) {
      best = known;
    }
  }
  return best === undefined ? undefined : PRICE_TABLE.models[best];
}

export interface PricingPolicy {
  /** A model without a table price: refuse it, or charge `defaultPrice`. Never zero. */
  readonly unknownModel: 'deny' | 'default';
  readonly defaultPrice?: Price;
}

export type PriceResolution =
  | { readonly kind: 'known'; readonly price: Price }
  | { readonly kind: 'default'; readonly price: Price }
  | { readonly kind: 'unknown'; readonly code: 'unknown_model_price'; readonly message: string };

/** The price to charge for a model under the policy, or a typed refusal ('unknown_model_price'). */
export function resolvePrice(model: string | undefined, policy: PricingPolicy): PriceResolution {
  const price = model === undefined || model === '' ? undefined : priceFor(model);
  if (price) return { kind: 'known', price };
  const name = model === undefined || model === '' ? 'The request names no model and' : `Model "${model}"`;
  if (policy.unknownModel === 'default') {
    if (policy.defaultPrice && isValidPrice(policy.defaultPrice)) return { kind: 'default', price: policy.defaultPrice };
    return { kind: 'unknown', code: 'unknown_model_price', message: `${name} has no price, and no valid default price is configured.` };
  }
  return { kind: 'unknown', code: 'unknown_model_price', message: `${name} has no price in the gateway's price table.` };
}

function isValidPrice(price: Price): boolean {
  const rates = [price.inputPerMTok, price.outputPerMTok, price.cachedInputPerMTok ?? 0, price.cacheWritePerMTok ?? 0, price.cacheWrite1hPerMTok ?? 0];
  return rates.every((rate) => Number.isFinite(rate) && rate >= 0);
}

/**
 * Usage as the providers report it (TokenUsage), plus the cache-write counts Anthropic reports
 * separately. TokenUsage does not carry those yet; when it does, they are read from it.
 */
export type CostUsage = TokenUsage & {
  readonly cacheWrite?: number | null;
  readonly cacheWrite1h?: number | null;
};

export interface CacheWrites {
  /** Anthropic `cache_creation_input_tokens` (5-minute writes, or all writes when not split). */
  readonly cacheWriteTokens?: number;
  /** Anthropic `cache_creation.ephemeral_1h_input_tokens`. */
  readonly cacheWrite1hTokens?: number;
}

// Prices carry at most six decimals, so a price in pico-dollars per token (USD/MTok × 10⁶) is an
// integer and costs add up exactly (BigInt: tokens × rate can pass 2⁵³).
function picoPerToken(usdPerMTok: number): bigint {
  return BigInt(Math.round(usdPerMTok * 1e6));
}

function tokens(value: number | null | undefined): bigint {
  return value === null || value === undefined || !Number.isFinite(value) || value <= 0 ? 0n : BigInt(Math.ceil(value));
}

const PICO_PER_MICRO = 1_000_000n;

function microUsdRoundedUp(pico: bigint): number {
  return Number((pico + PICO_PER_MICRO - 1n) / PICO_PER_MICRO);
}

function ratesFor(price: Price, inputTokens: bigint): Omit<Price, 'longContext'> {
  const long = price.longContext;
  return long && inputTokens > BigInt(long.aboveInputTokens) ? long.price : price;
}

/**
 * What a request cost, in whole micro-dollars, rounded up so a cost is never under-stated.
 *
 * `usage.input` counts every input token, cached ones included (TokenUsage's convention for both
 * providers; for Anthropic it is uncached + cache reads + cache writes). So: cache reads are
 * charged at the cached price, cache writes at the write prices, the rest at the input price.
 * `usage.output` already includes OpenAI's reasoning tokens (`usage.reasoning` is a part of it,
 * reported for information), so reasoning is not charged again. Unknown (null) counts are zero:
 * a caller without usage should settle at its reservation instead.
 */
export function costMicroUsd(price: Price, usage: CostUsage, extra: CacheWrites = {}): number {
  const input = tokens(usage.input);
  const cached = tokens(usage.cached);
  const writes = tokens(extra.cacheWriteTokens ?? usage.cacheWrite);
  const writes1h = tokens(extra.cacheWrite1hTokens ?? usage.cacheWrite1h);
  const rates = ratesFor(price, input);
  const inputRate = picoPerToken(rates.inputPerMTok);
  const writeRate = rates.cacheWritePerMTok === undefined ? inputRate : picoPerToken(rates.cacheWritePerMTok);
  const write1hRate = rates.cacheWrite1hPerMTok === undefined ? writeRate : picoPerToken(rates.cacheWrite1hPerMTok);
  const cachedRate = rates.cachedInputPerMTok === undefined ? inputRate : picoPerToken(rates.cachedInputPerMTok);
  let uncached = input - cached - writes - writes1h;
  if (uncached < 0n) uncached = 0n;
  const pico =
    uncached * inputRate + cached * cachedRate + writes * writeRate + writes1h * write1hRate + tokens(usage.output) * picoPerToken(rates.outputPerMTok);
  return microUsdRoundedUp(pico);
}

export interface WorstCaseOptions {
  /**
   * The request may write its prompt to Anthropic's cache (it carries `cache_control`): charge
   * the input at the dearest write rate instead of the input price.
   */
  readonly cacheWrites?: boolean;
}

/**
 * The most a request can cost, for reserving a budget before forwarding: every input token at the
 * full input price (no cache discount assumed) and the whole output cap at the output price, at
 * long-context rates when the input is over the threshold. Rounded up.
 */
export function worstCaseMicroUsd(price: Price, inputTokens: number, maxOutputTokens: number, options: WorstCaseOptions = {}): number {
  const input = tokens(inputTokens);
  const rates = ratesFor(price, input);
  let inputRate = picoPerToken(rates.inputPerMTok);
  if (options.cacheWrites) {
    for (const rate of [rates.cacheWritePerMTok, rates.cacheWrite1hPerMTok]) {
      if (rate !== undefined && picoPerToken(rate) > inputRate) inputRate = picoPerToken(rate);
    }
  }
  return microUsdRoundedUp(input * inputRate + tokens(maxOutputTokens) * picoPerToken(rates.outputPerMTok));
}
