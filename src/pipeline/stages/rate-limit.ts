import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import { addRateLimitHeaders, retryAfterSeconds } from '../../limits/headers.js';
import { mayHaveRequestCounters, requestSpecs, scopesOf, type SpecMeta } from '../../limits/scopes.js';
import { syncCounters } from '../../limits/sync.js';
import type { Admission, LimitStore, Reservation } from '../../limits/types.js';
import { SETTLED } from '../run.js';
import { ALLOW, type Decision, type RequestContext, type RequestStage } from '../types.js';

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

  const storeFailed = (ctx: RequestContext, err: unknown): Decision => {
    deps.logger.error({ err: (err as Error).message, requestId: ctx.requestId }, 'rate-limit store failed');
    if (failOpen) return { type: 'skip', reason: 'limit store failed; fail-open' };
    return { type: 'deny', code: 'limit_store_unavailable', message: 'Rate limits cannot be checked right now; try again shortly.', headers: { 'retry-after': '1' } };
  };

  const decide = (ctx: RequestContext, admission: Admission, meta: readonly SpecMeta[]): Decision => {
    addRateLimitHeaders(ctx, admission.states, meta);
    if (admission.ok) {
      reservations.set(ctx, admission.reservation);
      return ALLOW;
    }
    const which = meta[admission.rejected]!;
    const headers = { ...ctx.responseHeaders, 'retry-after': retryAfterSeconds(admission.retryAfterMs) };
    if (which.unit === 'concurrency') {
      return { type: 'deny', code: 'concurrency_limited', message: `Too many requests in flight for this ${which.scope}; retry when one finishes.`, headers };
    }
    return { type: 'deny', code: 'rate_limited', message: `Request rate limit reached for this ${which.scope}; retry after ${headers['retry-after']} s.`, headers };
  };

  return {
    name: 'rate-limit',
    // Synchronous with an in-process counter store (memory): no promise per request.
    run(ctx): Decision | Promise<Decision> {
      if (!mayHaveRequestCounters(config, ctx)) return NO_REQUEST_LIMITS;
      const { specs, meta } = requestSpecs(scopesOf(config, ctx), config.limits.concurrencyLeaseMs);
      if (specs.length === 0) return NO_REQUEST_LIMITS;
      const id = `${ctx.requestId}:rl`;
      const sync = syncCounters(deps.limits);
      if (sync) {
        let admission: Admission;
        try {
          admission = sync.admit(specs, id, now());
        } catch (err) {
          return storeFailed(ctx, err);
        }
        return decide(ctx, admission, meta);
      }
      return deps.limits.admit(specs, id, now()).then(
        (admission) => decide(ctx, admission, meta),
        (err: unknown) => storeFailed(ctx, err),
      );
    },
    settle(ctx) {
      const reservation = reservations.get(ctx);
      if (!reservation) return SETTLED;
      reservations.delete(ctx);
      // Requests made stay counted; concurrency leases end.
      const actual = reservation.items.map((item) => item.amount);
      const sync = syncCounters(deps.limits);
      if (sync) {
        try {
          sync.settle(reservation, actual, now());
          return SETTLED;
        } catch (err) {
          return Promise.reject(err instanceof Error ? err : new Error(String(err)));
        }
      }
      return deps.limits.settle(reservation, actual, now());
    },
  };
}

const NO_REQUEST_LIMITS: Decision = Object.freeze({ type: 'skip', reason: 'no request limits apply' });