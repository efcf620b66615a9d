import type { AlertSink } from '../observe/alerts.js';
import { MICRO_USD_PER_USD, type SpecMeta } from './scopes.js';
import type { CounterSpec, CounterState } from './types.js';

/** Decides whether an alert is new: true once per key (across instances where the store allows). */
export type ClaimOnce = (key: string, ttlMs: number) => Promise<boolean>;

/** Whether this reservation took any budget across a threshold (so alerts may be due). */
export function crossesBudgetThreshold(
  specs: readonly CounterSpec[],
  states: readonly CounterState[],
  meta: readonly SpecMeta[],
  thresholds: readonly number[],
): boolean {
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    const state = states[i]!;
    if (meta[i]?.unit !== 'usd' || spec.limit <= 0) continue;
    const before = state.used - spec.amount;
    for (const threshold of thresholds) {
      const line = spec.limit * threshold;
      if (before < line && state.used >= line) return true;
    }
  }
  return false;
}

/**
 * One alert per threshold per budget period: when a reservation takes a budget's use across 50,
 * 80 or 100 % (configurable), the first request to cross it raises the alert.
 */
export async function raiseBudgetAlerts(
  specs: readonly CounterSpec[],
  states: readonly CounterState[],
  meta: readonly SpecMeta[],
  thresholds: readonly number[],
  claimOnce: ClaimOnce,
  sink: AlertSink,
  nowMs: number,
): Promise<void> {
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    const state = states[i]!;
    if (meta[i]?.unit !== 'usd' || spec.limit <= 0) continue;
    const before = state.used - spec.amount;
    for (const threshold of thresholds) {
      const line = spec.limit * threshold;
      if (before >= line || state.used < line) continue;
      const ttl = Math.max(60_000, (spec.periodEndMs ?? nowMs) - nowMs + 86_400_000);
      if (!(await claimOnce(`alert:${spec.name}@${spec.periodStartMs ?? 0}:${threshold}`, ttl))) continue;
      sink.emit({
        kind: 'budget_threshold',
        time: new Date(nowMs).toISOString(),
        subject: spec.name,
        message: `${meta[i]?.scope ?? 'budget'} budget ${spec.name} reached ${Math.round(threshold * 100)}% of its ${meta[i]?.period ?? ''} cap`,
        evidence: {
          thresholdPercent: Math.round(threshold * 100),
          usedUsd: state.used / MICRO_USD_PER_USD,
          limitUsd: spec.limit / MICRO_USD_PER_USD,
          periodStart: spec.periodStartMs === undefined ? null : new Date(spec.periodStartMs).toISOString(),
        },
      });
    }
  }
}
