import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import { addRateLimitHeaders, retryAfterSeconds } from '../../limits/headers.js';
import { requestSpecs, scopesOf } from '../../limits/scopes.js';
import type { LimitStore, Reservation } from '../../limits/types.js';
import type { Decision, RequestContext, RequestStage } from '../types.js';

export interface RateLimitDeps {
  readonly limits: LimitStore;
  readonly logger: Logger;
  readonly now?: () => number;
}

/**
 * Requests per minute and concurrent requests, per key, end user, client IP, environment and
 * globally. Reserved in one atomic step before any tokenizing, so a flood is refused cheaply.
 * The request count stays charged; the concurrency slot is returned at settle.
 */
export function createRateLimitStage(config: Config, deps: RateLimitDeps): RequestStage {
  const now = deps.now ?? Date.now;
  const reservations = new WeakMap<RequestContext, Reservation>();
  const failOpen = config.limits.onStoreError.rateLimits === 'fail-open';

  return {
    name: 'rate-limit',
    async run(ctx): Promise<Decision> {
      const { specs, meta } = requestSpecs(scopesOf(config, ctx), config.limits.concurrencyLeaseMs);
      if (specs.length === 0) return { type: 'skip', reason: 'no request limits apply' };
      let admission;
      try {
        admission = await deps.limits.admit(specs, `${ctx.requestId}:rl`, now());
      } catch (err) {
        deps.logger.error({ err: (err as Error).message, requestId: ctx.requestId }, 'rate-limit store failed');
        if (failOpen) return { type: 'skip', reason: 'limit store failed; fail-open' };
        return { type: 'deny', code: 'limit_store_unavailable', message: 'Rate limits cannot be checked right now; try again shortly.', headers: { 'retry-after': '1' } };
      }
      addRateLimitHeaders(ctx, admission.states, meta);
      if (admission.ok) {
        reservations.set(ctx, admission.reservation);
        return { type: 'allow' };
      }
      const which = meta[admission.rejected]!;
      const headers = { ...ctx.responseHeaders, 'retry-after': retryAfterSeconds(admission.retryAfterMs) };
      if (which.unit === 'concurrency') {
        return { type: 'deny', code: 'concurrency_limited', message: `Too many requests in flight for this ${which.scope}; retry when one finishes.`, headers };
      }
      return { type: 'deny', code: 'rate_limited', message: `Request rate limit reached for this ${which.scope}; retry after ${headers['retry-after']} s.`, headers };
    },
    async settle(ctx) {
      const reservation = reservations.get(ctx);
      if (!reservation) return;
      reservations.delete(ctx);
      // Requests made stay counted; concurrency leases end.
      await deps.limits.settle(reservation, reservation.items.map((item) => item.amount), now());
    },
  };
}
