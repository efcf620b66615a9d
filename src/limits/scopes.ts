import type { BudgetConfig, Config, RateLimitsConfig } from '../config/schema.js';
import type { RequestContext } from '../pipeline/types.js';
import type { KeyLimits } from '../store/types.js';
import { periodBounds, type BudgetPeriod } from './periods.js';
import type { CounterSpec } from './types.js';

const MINUTE_MS = 60_000;
export const MICRO_USD_PER_USD = 1_000_000;

/** One scope a request counts against: its key, end user, client IP, environment, or everything. */
export interface Scope {
  readonly kind: 'key' | 'user' | 'ip' | 'environment' | 'global';
  /** The counter-name part that identifies it: `key:key_abc`, `ip:prod:10.0.0.1`, `global`. */
  readonly id: string;
  readonly rates: RateLimitsConfig | undefined;
  readonly budget: BudgetConfig | undefined;
}

/** What a counter stands for, so a denial and the headers can say which limit it was. */
export interface SpecMeta {
  readonly scope: Scope['kind'];
  readonly unit: 'requests' | 'tokens' | 'concurrency' | 'usd';
  readonly period?: BudgetPeriod;
}

export interface LabelledSpecs {
  readonly specs: CounterSpec[];
  readonly meta: SpecMeta[];
}

/** The scopes of a request under its environment's policy; a key's own limits replace the defaults. */
export function scopesOf(config: Config, ctx: RequestContext): Scope[] {
  const envName = ctx.environment ?? '';
  const env = config.environments[envName];
  if (!env || !ctx.key) return [];
  const keyLimits = ctx.key.limits ?? null;
  const scopes: Scope[] = [
    { kind: 'key', id: `key:${ctx.key.id}`, rates: mergeKeyRates(env.limits.perKey, keyLimits), budget: keyBudget(env.budgets.perKey, keyLimits) },
  ];
  if (ctx.user) scopes.push({ kind: 'user', id: `user:${envName}:${ctx.user}`, rates: env.limits.perUser, budget: env.budgets.perUser });
  scopes.push({ kind: 'ip', id: `ip:${envName}:${ctx.clientIp}`, rates: env.limits.perIp, budget: undefined });
  scopes.push({ kind: 'environment', id: `env:${envName}`, rates: env.limits.environment, budget: env.budgets.environment });
  scopes.push({ kind: 'global', id: 'global', rates: config.limits.global, budget: config.budgets.global });
  return scopes;
}

function mergeKeyRates(defaults: RateLimitsConfig, own: KeyLimits | null): RateLimitsConfig {
  if (!own) return defaults;
  return {
    requestsPerMinute: own.requestsPerMinute ?? defaults.requestsPerMinute,
    tokensPerMinute: own.tokensPerMinute ?? defaults.tokensPerMinute,
    maxConcurrent: own.maxConcurrent ?? defaults.maxConcurrent,
  };
}

function keyBudget(defaults: BudgetConfig | undefined, own: KeyLimits | null): BudgetConfig | undefined {
  if (!own?.budgetUsd) return defaults;
  return own.budgetUsd.period === 'day'
    ? { ...defaults, usdPerDay: own.budgetUsd.amount }
    : { ...defaults, usdPerMonth: own.budgetUsd.amount };
}

const requestLimited = (rates: RateLimitsConfig | undefined): boolean => Boolean(rates?.requestsPerMinute) || Boolean(rates?.maxConcurrent);
const consumptionLimited = (rates: RateLimitsConfig | undefined, budget: BudgetConfig | undefined): boolean =>
  Boolean(rates?.tokensPerMinute) || budget?.usdPerDay !== undefined || budget?.usdPerMonth !== undefined;

/**
 * Whether `requestSpecs(scopesOf(…))` could yield any counter for this request — false means
 * surely none, so the stage skips building the scopes (allocations on every request of a gateway
 * without limits). Conservative: true whenever any scope of the environment, the global one or
 * the key's own limits set such a limit.
 */
export function mayHaveRequestCounters(config: Config, ctx: RequestContext): boolean {
  const env = config.environments[ctx.environment ?? ''];
  if (!env || !ctx.key) return false;
  const own = ctx.key.limits ?? null;
  if (Boolean(own?.requestsPerMinute) || Boolean(own?.maxConcurrent)) return true;
  const { limits } = env;
  return (
    requestLimited(limits.perKey) ||
    requestLimited(limits.perUser) ||
    requestLimited(limits.perIp) ||
    requestLimited(limits.environment) ||
    requestLimited(config.limits.global)
  );
}

/** The same for `consumptionSpecs`: token limits and budgets. */
export function mayHaveConsumptionCounters(config: Config, ctx: RequestContext): boolean {
  const env = config.environments[ctx.environment ?? ''];
  if (!env || !ctx.key) return false;
  const own = ctx.key.limits ?? null;
  if (Boolean(own?.tokensPerMinute) || own?.budgetUsd !== undefined) return true;
  const { limits, budgets } = env;
  return (
    consumptionLimited(limits.perKey, budgets.perKey) ||
    consumptionLimited(limits.perUser, budgets.perUser) ||
    consumptionLimited(limits.perIp, undefined) ||
    consumptionLimited(limits.environment, budgets.environment) ||
    consumptionLimited(config.limits.global, config.budgets.global)
  );
}

/** Request-count and concurrency counters: reserved first, before any tokenizing. */
export function requestSpecs(scopes: readonly Scope[], leaseMs: number): LabelledSpecs {
  const out: LabelledSpecs = { specs: [], meta: [] };
  for (const scope of scopes) {
    if (scope.rates?.requestsPerMinute) {
      out.specs.push({ name: `rpm:${scope.id}`, kind: 'window', limit: scope.rates.requestsPerMinute, amount: 1, windowMs: MINUTE_MS });
      out.meta.push({ scope: scope.kind, unit: 'requests' });
    }
    if (scope.rates?.maxConcurrent) {
      out.specs.push({ name: `conc:${scope.id}`, kind: 'concurrency', limit: scope.rates.maxConcurrent, amount: 1, windowMs: leaseMs });
      out.meta.push({ scope: scope.kind, unit: 'concurrency' });
    }
  }
  return out;
}

/** Token and spend counters: the worst case of this request, reserved in one atomic step. */
export function consumptionSpecs(scopes: readonly Scope[], tokens: number, costMicroUsd: number, nowMs: number, timeZone: string): LabelledSpecs {
  const out: LabelledSpecs = { specs: [], meta: [] };
  for (const scope of scopes) {
    if (scope.rates?.tokensPerMinute) {
      out.specs.push({ name: `tpm:${scope.id}`, kind: 'window', limit: scope.rates.tokensPerMinute, amount: tokens, windowMs: MINUTE_MS });
      out.meta.push({ scope: scope.kind, unit: 'tokens' });
    }
    for (const [period, usd] of [['day', scope.budget?.usdPerDay], ['month', scope.budget?.usdPerMonth]] as const) {
      if (usd === undefined) continue;
      const bounds = periodBounds(nowMs, period, timeZone);
      out.specs.push({
        name: `usd-${period}:${scope.id}`,
        kind: 'period',
        limit: Math.round(usd * MICRO_USD_PER_USD),
        amount: costMicroUsd,
        windowMs: 0,
        periodStartMs: bounds.startMs,
        periodEndMs: bounds.endMs,
      });
      out.meta.push({ scope: scope.kind, unit: 'usd', period });
    }
  }
  return out;
}
