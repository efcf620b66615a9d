import { z } from 'zod';

/**
 * How the gateway copes with a failing provider (docs/config.md#upstream-faults): per-provider
 * timeouts, retries before the first byte reached the client, and a circuit breaker. The fields
 * are spread into each provider schema (schema.ts), so a fallback deployment, which is a provider
 * config itself, has its own.
 */

/** Per-provider overrides of the `upstream` timeouts, plus the total deadline of one request. */
export const providerTimeouts = z.strictObject({
  /** Time to establish the TCP/TLS connection; default `upstream.connectTimeoutMs`. */
  connectMs: z.number().int().positive().optional(),
  /** Time to the response headers; default `upstream.headersTimeoutMs`. */
  headersMs: z.number().int().positive().optional(),
  /** Longest silence between two body chunks; default `upstream.bodyTimeoutMs`. */
  bodyMs: z.number().int().positive().optional(),
  /** The whole upstream exchange (every attempt, backoff and the streamed body); default `upstream.totalTimeoutMs`. */
  totalMs: z.number().int().positive().optional(),
});

/** Statuses worth another attempt: rate limited, and the transient server errors (529: Anthropic overloaded). */
export const DEFAULT_RETRY_STATUSES = [429, 500, 502, 503, 504, 529] as const;

export const retryPolicy = z.strictObject({
  /** Attempts on this upstream, the first included; 1 turns retries off. */
  maxAttempts: z.number().int().min(1).max(10).default(3),
  /** First backoff ceiling; each retry doubles it (full jitter: a random wait below the ceiling). */
  baseDelayMs: z.number().int().min(0).default(250),
  maxDelayMs: z.number().int().min(0).default(4_000),
  /** No retry starts once this much time has passed since the first attempt began. */
  budgetMs: z.number().int().positive().default(20_000),
  /**
   * A `Retry-After` longer than this is not waited out: the answer goes to the client (or the
   * fallback) at once, so the client's own retry logic decides and no connection idles that long.
   */
  maxRetryAfterMs: z.number().int().min(0).default(2_000),
  statuses: z.array(z.number().int().min(400).max(599)).default([...DEFAULT_RETRY_STATUSES]),
});

export const breakerPolicy = z.strictObject({
  enabled: z.boolean().default(true),
  /** Consecutive failures that open the circuit. */
  consecutiveFailures: z.number().int().positive().default(5),
  /** Failure share in the window that opens it, once `minRequests` outcomes were seen there. */
  failureRatio: z.number().gt(0).max(1).default(0.5),
  windowMs: z.number().int().positive().default(60_000),
  minRequests: z.number().int().positive().default(20),
  /** Open this long before one probe request is let through (half-open). */
  cooldownMs: z.number().int().positive().default(30_000),
});

/**
 * Spread into each provider schema. Optional rather than defaulted, so code that builds a
 * provider config itself (the built-in mock) need not spell them out; upstream/policy.ts fills
 * in the defaults.
 */
export const upstreamPolicyFields = {
  timeouts: providerTimeouts.optional(),
  retry: retryPolicy.optional(),
  breaker: breakerPolicy.optional(),
};

export type ProviderTimeoutsConfig = z.output<typeof providerTimeouts>;
export type RetryPolicyConfig = z.output<typeof retryPolicy>;
export type BreakerPolicyConfig = z.output<typeof breakerPolicy>;
