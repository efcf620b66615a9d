import { describe, expect, it } from 'vitest';
import { MONITOR_DEFAULTS } from '../../config/monitoring.js';
import { collector, HOUR_MS, MONDAY, settled } from './test-support.js';
import { createUnusualSpendMonitor } from './unusual-spend.js';

const settings = { ...MONITOR_DEFAULTS.unusualSpend, minUsdPerHour: 1, minBaselineHours: 24 };

describe('unusual-spend monitor', () => {
  it('stays quiet at the usual spend rate and fires when an hour costs 2x its baseline', () => {
    const { raise, alerts } = collector();
    const monitor = createUnusualSpendMonitor(() => settings, raise);
    // 30 hours at $2/h (100 requests of $0.02).
    for (let h = 0; h < 30; h++) for (let i = 0; i < 100; i++) monitor.observe(settled({ costUsd: 0.02 }), MONDAY + h * HOUR_MS + i * 30_000);
    expect(alerts).toEqual([]);
    // Hour 30: one expensive request after another.
    for (let i = 0; i < 4; i++) monitor.observe(settled({ costUsd: 1.1 }), MONDAY + 30 * HOUR_MS + i * 60_000);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.alert).toMatchObject({ kind: 'unusual_spend', subject: 'environment:prod', evidence: { usdThisHour: 4.4, baselineUsdPerHour: 2, factor: 2 } });
    expect(alerts[0]!.environment).toBe('prod');
  });

  it('ignores tiny amounts below minUsdPerHour, requests with no cost, and unattributed requests', () => {
    const { raise, alerts } = collector();
    const monitor = createUnusualSpendMonitor(() => settings, raise);
    for (let h = 0; h < 30; h++) monitor.observe(settled({ costUsd: 0.01 }), MONDAY + h * HOUR_MS);
    for (let i = 0; i < 50; i++) monitor.observe(settled({ costUsd: 0.015 }), MONDAY + 30 * HOUR_MS + i); // $0.75: 75x, but < $1
    for (let i = 0; i < 50; i++) monitor.observe(settled({ costUsd: null, status: 401, environment: null }), MONDAY + 30 * HOUR_MS + i);
    expect(alerts).toEqual([]);
  });
});
