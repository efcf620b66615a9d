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
  const policies: string[] = [];
  const current: string[] = [];
  for (const unit of ['requests', 'tokens'] as const) {
    let tightest: CounterState | undefined;
    states.forEach((state, i) => {
      if (meta[i]?.unit !== unit) return;
      if (!tightest || state.limit - state.used < tightest.limit - tightest.used) tightest = state;
    });
    if (!tightest) continue;
    const remaining = Math.max(0, tightest.limit - tightest.used);
    const resetSeconds = Math.ceil(tightest.resetMs / 1000);
    headers[`x-ratelimit-limit-${unit}`] = String(tightest.limit);
    headers[`x-ratelimit-remaining-${unit}`] = String(remaining);
    headers[`x-ratelimit-reset-${unit}`] = openaiDuration(tightest.resetMs);
    policies.push(`"${unit}";q=${tightest.limit};w=60`);
    current.push(`"${unit}";r=${remaining};t=${resetSeconds}`);
  }
  if (policies.length > 0) {
    headers['ratelimit-policy'] = policies.join(', ');
    headers.ratelimit = current.join(', ');
  }
  return headers;
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

const seenStates = new WeakMap<object, { states: CounterState[]; meta: SpecMeta[] }>();

/**
 * Adds a stage's counter states to the request's rate-limit headers. The rate-limit stage sees
 * the request counters and the budget stage the token counters; the headers show both.
 */
export function addRateLimitHeaders(
  ctx: { readonly responseHeaders: Record<string, string> },
  states: readonly CounterState[],
  meta: readonly SpecMeta[],
): void {
  let seen = seenStates.get(ctx);
  if (!seen) {
    seen = { states: [], meta: [] };
    seenStates.set(ctx, seen);
  }
  seen.states.push(...states);
  seen.meta.push(...meta);
  Object.assign(ctx.responseHeaders, rateLimitHeaders(seen.states, seen.meta));
}
