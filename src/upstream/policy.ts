import { breakerPolicy, retryPolicy, type BreakerPolicyConfig, type ProviderTimeoutsConfig, type RetryPolicyConfig } from '../config/upstream-policy.js';
import type { RequestTimeouts } from './client.js';

/**
 * How one provider binding is called when things go wrong: its timeouts, retries and breaker,
 * resolved once at start from the provider's config (docs/config.md#upstream-faults).
 */
export interface UpstreamPolicy {
  /**
   * The upstream's name: provider variant and origin (plus a base path), e.g.
   * `openai https://api.openai.com`. It names the circuit breaker and appears in the audit event
   * and metrics; it never carries credentials (URL user info and query are dropped).
   */
  readonly upstream: string;
  readonly timeouts: RequestTimeouts;
  /** The whole exchange of one request; undefined: the gateway's `upstream.totalTimeoutMs`. */
  readonly totalMs: number | undefined;
  readonly retry: RetryPolicyConfig;
  readonly breaker: BreakerPolicyConfig;
}

interface PolicyFields {
  readonly type: string;
  readonly baseUrl?: string;
  readonly endpoint?: string;
  readonly timeouts?: ProviderTimeoutsConfig | undefined;
  readonly retry?: RetryPolicyConfig;
  readonly breaker?: BreakerPolicyConfig;
}

const DEFAULT_RETRY = retryPolicy.parse({});
const DEFAULT_BREAKER = breakerPolicy.parse({});

export function upstreamName(type: string, url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, '');
  return `${type} ${parsed.origin}${path}`;
}

/** The defaults, for a binding built without a provider config (the built-in mock). */
export function defaultUpstreamPolicy(upstream: string): UpstreamPolicy {
  return { upstream, timeouts: {}, totalMs: undefined, retry: DEFAULT_RETRY, breaker: DEFAULT_BREAKER };
}

export function upstreamPolicyOf(config: PolicyFields): UpstreamPolicy {
  const url = config.baseUrl ?? config.endpoint ?? 'http://unknown.invalid';
  const t = config.timeouts;
  return {
    upstream: upstreamName(config.type, url),
    timeouts: { connectMs: t?.connectMs, headersMs: t?.headersMs, bodyMs: t?.bodyMs },
    totalMs: t?.totalMs,
    retry: config.retry ?? DEFAULT_RETRY,
    breaker: config.breaker ?? DEFAULT_BREAKER,
  };
}
