import type { CounterState } from './types.js';
import type { SpecMeta } from './scopes.js';

/**
 * Rate-limit headers, in OpenAI's style (x-ratelimit-limit-requests, …-remaining-tokens,
 * …-reset-requests as "1m30s") and the IETF draft's (draft-ietf-httpapi-ratelimit-headers:
 * `RateLimit-Policy: "requests";q=600;w=60` and `RateLimit: "requests";r=599;t=42`). For each
 * unit the most restrictive counter of the request is shown.
 */
export function rateLimitHeaders(states: readonly CounterState[], meta: readonly SpecMeta[]): Record<string, string> {
  const headers: Record<string, string> = {};
  writeHeaders(headers, tightestByUnit(EMPTY, states, meta) ?? EMPTY);
  return headers;
}

type Unit = 'requests' | 'tokens';
const UNITS: readonly Unit[] = ['requests', 'tokens'];
type Tightest = Readonly<Partial<Record<Unit, CounterState>>>;
const EMPTY: Tightest = Object.freeze({});

/**
 * The tightest counter of each unit after adding `states` to `known`, or undefined when none
 * changed. Ties keep the earlier counter (as the headers always did).
 */
function tightestByUnit(known: Tightest, states: readonly CounterState[], meta: readonly SpecMeta[]): Tightest | undefined {
  let out: Partial<Record<Unit, CounterState>> | undefined;
  for (let i = 0; i < states.length; i++) {
    const unit = meta[i]?.unit;
    if (unit !== 'requests' && unit !== 'tokens') continue;
    const state = states[i]!;
    const current = (out ?? known)[unit];
    if (current && state.limit - state.used >= current.limit - current.used) continue;
    out ??= { ...known };
    out[unit] = state;
  }
  return out;
}

function writeHeaders(headers: Record<string, string>, tightest: Tightest): void {
  const policies: string[] = [];
  const current: string[] = [];
  for (const unit of UNITS) {
    const state = tightest[unit];
    if (!state) continue;
    const remaining = Math.max(0, state.limit - state.used);
    headers[`x-ratelimit-limit-${unit}`] = String(state.limit);
    headers[`x-ratelimit-remaining-${unit}`] = String(remaining);
    headers[`x-ratelimit-reset-${unit}`] = openaiDuration(state.resetMs);
    policies.push(`"${unit}";q=${state.limit};w=60`);
    current.push(`"${unit}";r=${remaining};t=${Math.ceil(state.resetMs / 1000)}`);
  }
  if (policies.length > 0) {
    headers['ratelimit-policy'] = policies.join(', ');
    headers.ratelimit = current.join(', ');
  }
}

/** OpenAI writes reset times as Go durations: "1s", "6m0s", "1h2m3s", "120ms". */
export function openaiDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** Retry-After in whole seconds (RFC 9110 §10.2.3), at least 1. */
export function retryAfterSeconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1000)));
}

const seenTightest = new WeakMap<object, Tightest>();

/**
 * Adds a stage's counter states to the request's rate-limit headers. The rate-limit stage sees
 * the request counters and the budget stage the token counters; the headers show both. Only the
 * tightest counter per unit is kept between the two, and the headers are rewritten only when it
 * changed.
 */
export function addRateLimitHeaders(
  ctx: { readonly responseHeaders: Record<string, string> },
  states: readonly CounterState[],
  meta: readonly SpecMeta[],
): void {
  const tightest = tightestByUnit(seenTightest.get(ctx) ?? EMPTY, states, meta);
  if (!tightest) return;
  seenTightest.set(ctx, tightest);
  writeHeaders(ctx.responseHeaders, tightest);
}
