import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../observe/alerts.js';
import { raiseBudgetAlerts } from './budget-alerts.js';
import { createMemoryLimitStore } from './memory/memory-limit-store.js';
import type { SpecMeta } from './scopes.js';
import type { CounterSpec } from './types.js';

describe('budget alerts: once per threshold per period', () => {
  const start = Date.parse('2026-12-01T00:00:00Z');
  const spec = (amount: number): CounterSpec => ({
    name: 'usd-month:env:prod',
    kind: 'period',
    limit: 1_000_000,
    amount,
    windowMs: 0,
    periodStartMs: start,
    periodEndMs: Date.parse('2027-01-01T00:00:00Z'),
  });
  const meta: SpecMeta[] = [{ scope: 'environment', unit: 'usd', period: 'month' }];

  it('raises 50, 80 and 100 % as use crosses them, each once, across instances sharing the store', async () => {
    const store = createMemoryLimitStore();
    const alerts: AlertEvent[] = [];
    const sink = { emit: (a: AlertEvent) => void alerts.push(a) };
    const claim = (key: string, ttl: number) => store.claimOnce(key, ttl, start + 1000);
    const steps: [number, number][] = [
      [300_000, 400_000], // 30 % → 40 %: nothing
      [400_000, 550_000], // crosses 50 %
      [550_000, 560_000], // nothing new
      [560_000, 1_000_000], // crosses 80 % and 100 % at once
    ];
    for (const [before, after] of steps) {
      const amount = after - before;
      await raiseBudgetAlerts([spec(amount)], [{ name: 'usd-month:env:prod', limit: 1_000_000, used: after, resetMs: 1 }], meta, [0.5, 0.8, 1], claim, sink, start + 1000);
    }
    expect(alerts.map((a) => a.evidence.thresholdPercent)).toEqual([50, 80, 100]);
    expect(alerts[0]).toMatchObject({ kind: 'budget_threshold', subject: 'usd-month:env:prod', evidence: { limitUsd: 1, usedUsd: 0.55 } });
    // A second instance seeing the same crossing raises nothing: the claim is taken.
    await raiseBudgetAlerts([spec(10)], [{ name: 'usd-month:env:prod', limit: 1_000_000, used: 500_005, resetMs: 1 }], meta, [0.5], claim, sink, start + 1000);
    expect(alerts).toHaveLength(3);
  });

  it('ignores non-budget counters', async () => {
    const alerts: AlertEvent[] = [];
    await raiseBudgetAlerts(
      [{ name: 'tpm:key:k', kind: 'window', limit: 100, amount: 90, windowMs: 60_000 }],
      [{ name: 'tpm:key:k', limit: 100, used: 90, resetMs: 1 }],
      [{ scope: 'key', unit: 'tokens' }],
      [0.5],
      () => Promise.resolve(true),
      { emit: (a) => void alerts.push(a) },
      start,
    );
    expect(alerts).toHaveLength(0);
  });
});
