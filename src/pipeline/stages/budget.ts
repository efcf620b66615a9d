import type { Logger } from 'pino';
import type { TokenUsage } from '../../audit/event.js';
import type { Config } from '../../config/schema.js';
import { crossesBudgetThreshold, raiseBudgetAlerts, type ClaimOnce } from '../../limits/budget-alerts.js';
import { addRateLimitHeaders, retryAfterSeconds } from '../../limits/headers.js';
import { costMicroUsd, resolvePrice, worstCaseMicroUsd, type Price } from '../../limits/pricing/index.js';
import { consumptionSpecs, mayHaveConsumptionCounters, scopesOf, type LabelledSpecs, type SpecMeta } from '../../limits/scopes.js';
import { syncCounters } from '../../limits/sync.js';
import type { Admission, CounterSpec, LimitStore, Reservation } from '../../limits/types.js';
import type { AlertSink } from '../../observe/alerts.js';
import { SETTLED } from '../run.js';
import { ALLOW, type Decision, type RequestContext, type RequestStage, type SettleOutcome } from '../types.js';

export interface BudgetDeps {
  readonly limits: LimitStore;
  readonly logger: Logger;
  readonly alerts: AlertSink;
  readonly claimOnce: ClaimOnce;
  readonly now?: () => number;
}

interface Booking {
  readonly price: Price;
  readonly reservation: Reservation | undefined;
  readonly reservedTokens: number;
  readonly reservedCost: number;
}

/**
 * Admission by reservation (docs/limits.md): the request's worst case — its counted input plus
 * its output cap, in tokens and in dollars at the model's price — is reserved against every
 * token limit and budget that applies, in one atomic step. A request that could exceed any of
 * them is refused here, not cut mid-stream. At settle the reservation becomes the actual usage.
 */
export function createBudgetStage(config: Config, deps: BudgetDeps): RequestStage {
  const now = deps.now ?? Date.now;
  const bookings = new WeakMap<RequestContext, Booking>();
  const failOpen = config.limits.onStoreError.budgets === 'fail-open';

  const storeFailed = (ctx: RequestContext, err: unknown, booking: Booking): Decision => {
    deps.logger.error({ err: (err as Error).message, requestId: ctx.requestId }, 'budget store failed');
    if (failOpen) {
      bookings.set(ctx, booking);
      return { type: 'skip', reason: 'limit store failed; fail-open' };
    }
    return { type: 'deny', code: 'limit_store_unavailable', message: 'Budgets cannot be checked right now; try again shortly.', headers: { 'retry-after': '1' } };
  };

  const decide = (ctx: RequestContext, admission: Admission, specs: readonly CounterSpec[], meta: readonly SpecMeta[], booking: Booking, nowMs: number): Decision | Promise<Decision> => {
    addRateLimitHeaders(ctx, admission.states, meta);
    if (!admission.ok) {
      const which = meta[admission.rejected]!;
      const headers = { ...ctx.responseHeaders, 'retry-after': retryAfterSeconds(Number.isFinite(admission.retryAfterMs) ? admission.retryAfterMs : 0) };
      if (!Number.isFinite(admission.retryAfterMs)) {
        return {
          type: 'deny',
          code: 'request_exceeds_limit',
          message: `This request alone (${booking.reservedTokens} tokens at most, $${(booking.reservedCost / 1e6).toFixed(4)} at most) exceeds the ${which.scope}'s ${which.unit === 'usd' ? 'budget' : 'token limit'}; lower max_tokens or the input.`,
        };
      }
      if (which.unit === 'usd') {
        // Retry-After says when the period ends; SDKs would otherwise sleep that long and retry.
        return {
          type: 'deny',
          code: 'budget_exceeded',
          message: `The ${which.scope}'s ${which.period ?? ''} budget has no room for this request.`,
          headers: { ...headers, 'x-should-retry': 'false' },
        };
      }
      return { type: 'deny', code: 'rate_limited', message: `Token rate limit reached for this ${which.scope}; retry after ${headers['retry-after']} s.`, headers };
    }
    bookings.set(ctx, { ...booking, reservation: admission.reservation });
    // Alerts only when this reservation crossed a threshold (rare): no promise otherwise.
    if (!crossesBudgetThreshold(specs, admission.states, meta, config.budgets.alertThresholds)) return ALLOW;
    return raiseBudgetAlerts(specs, admission.states, meta, config.budgets.alertThresholds, deps.claimOnce, deps.alerts, nowMs).then(
      () => ALLOW,
      (err: unknown) => {
        deps.logger.error({ err: (err as Error).message }, 'budget alert failed');
        return ALLOW;
      },
    );
  };

  return {
    name: 'budget',
    // Synchronous with an in-process counter store (memory) unless an alert is due.
    run(ctx): Decision | Promise<Decision> {
      const consumption = ctx.consumption;
      if (!consumption || !ctx.model) return { type: 'skip', reason: 'the endpoint consumes no tokens' };
      const price = resolvePrice(ctx.model, config.pricing);
      if (price.kind === 'unknown') {
        return {
          type: 'deny',
          code: 'unknown_model_price',
          message: `Model "${ctx.model}" has no price in the gateway's price table, so its cost cannot be capped.`,
        };
      }
      const tokens = consumption.inputTokens + consumption.maxOutputTokens;
      // A prompt written to Anthropic's cache costs more than plain input: reserve at that rate.
      const cacheWrites = ctx.route.api === 'anthropic' && mentionsKey(ctx.body, 'cache_control');
      const cost = worstCaseMicroUsd(price.price, consumption.inputTokens, consumption.maxOutputTokens, { cacheWrites });
      const nowMs = now();
      const booking: Booking = { price: price.price, reservation: undefined, reservedTokens: tokens, reservedCost: cost };
      const { specs, meta } = mayHaveConsumptionCounters(config, ctx) ? consumptionSpecs(scopesOf(config, ctx), tokens, cost, nowMs, config.budgets.timeZone) : NO_SPECS;
      if (specs.length === 0) {
        bookings.set(ctx, booking);
        return ALLOW;
      }
      const id = `${ctx.requestId}:budget`;
      const sync = syncCounters(deps.limits);
      if (sync) {
        let admission: Admission;
        try {
          admission = sync.admit(specs, id, nowMs);
        } catch (err) {
          return storeFailed(ctx, err, booking);
        }
        return decide(ctx, admission, specs, meta, booking, nowMs);
      }
      return deps.limits.admit(specs, id, nowMs).then(
        (admission) => decide(ctx, admission, specs, meta, booking, nowMs),
        (err: unknown) => storeFailed(ctx, err, booking),
      );
    },
    settle(ctx, outcome) {
      const booking = bookings.get(ctx);
      if (!booking) return SETTLED;
      bookings.delete(ctx);
      const { tokens, cost } = actualUse(booking, outcome);
      ctx.costMicroUsd = cost;
      if (!booking.reservation) return SETTLED;
      const actual = booking.reservation.items.map((item) => (item.kind === 'period' ? cost : tokens));
      const sync = syncCounters(deps.limits);
      if (sync) {
        try {
          sync.settle(booking.reservation, actual, now());
          return SETTLED;
        } catch (err) {
          return Promise.reject(err instanceof Error ? err : new Error(String(err)));
        }
      }
      return deps.limits.settle(booking.reservation, actual, now());
    },
  };
}

/**
 * What the request really used. Not forwarded → nothing. Usage unknown (a stream cut short
 * before the provider reported it) → the reservation stands: the provider may bill up to it,
 * and a budget must never be under-counted.
 */
function actualUse(booking: Booking, outcome: SettleOutcome): { tokens: number; cost: number } {
  if (!outcome.forwarded) return { tokens: 0, cost: 0 };
  const usage: TokenUsage | null = outcome.usage;
  if (!usage || usage.input === null) {
    return { tokens: booking.reservedTokens, cost: booking.reservedCost };
  }
  return { tokens: usage.input + (usage.output ?? 0), cost: costMicroUsd(booking.price, usage) };
}

/** Whether any object in a JSON value has `key` (depth-bounded like the body itself). */
function mentionsKey(value: unknown, key: string, depth = 0): boolean {
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => mentionsKey(item, key, depth + 1));
  const record = value as Record<string, unknown>;
  return Object.hasOwn(record, key) || Object.values(record).some((item) => mentionsKey(item, key, depth + 1));
}

const NO_SPECS: LabelledSpecs = Object.freeze({ specs: [], meta: [] });
