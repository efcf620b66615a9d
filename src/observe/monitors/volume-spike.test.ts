import { describe, expect, it } from 'vitest';
import { MONITOR_DEFAULTS } from '../../config/monitoring.js';
import { collector, HOUR_MS, MONDAY, settled } from './test-support.js';
import { createVolumeSpikeMonitor } from './volume-spike.js';

const settings = { ...MONITOR_DEFAULTS.volumeSpike, minRequestsPerHour: 50, minBaselineHours: 24 };

/** `perHour` calls in each hour from `fromHour` for `hours` hours, spread evenly (a fake clock). */
function traffic(monitor: ReturnType<typeof createVolumeSpikeMonitor>, fromHour: number, hours: number, perHour: (hour: number) => number): void {
  for (let h = fromHour; h < fromHour + hours; h++) {
    const n = perHour(h);
    for (let i = 0; i < n; i++) monitor.observe(settled(), MONDAY + h * HOUR_MS + Math.floor((i * HOUR_MS) / n));
  }
}

describe('volume-spike monitor', () => {
  it('stays quiet on steady traffic, then fires when an hour reaches 2x its learned baseline', () => {
    const { raise, alerts } = collector();
    const monitor = createVolumeSpikeMonitor(() => settings, raise);
    traffic(monitor, 0, 48, () => 60);
    expect(alerts).toEqual([]);
    // Hour 48: 119 calls stay below 2 × 60; the 120th reaches it.
    traffic(monitor, 48, 1, () => 119);
    expect(alerts).toEqual([]);
    monitor.observe(settled(), MONDAY + 48 * HOUR_MS + HOUR_MS - 1);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.environment).toBe('prod');
    expect(alerts[0]!.alert).toMatchObject({
      kind: 'volume_spike',
      subject: 'environment:prod',
      evidence: { callsThisHour: 120, baselinePerHour: 60, factor: 2, hourStart: new Date(MONDAY + 48 * HOUR_MS).toISOString() },
    });
  });

  it('follows the weekly pattern: a busy weekday hour that is busy every week is normal', () => {
    const { raise, alerts } = collector();
    const monitor = createVolumeSpikeMonitor(() => settings, raise);
    // Two weeks: 09:00–17:00 weekdays are busy (300/h), the rest quiet (60/h).
    const busy = (h: number): boolean => h % 24 >= 9 && h % 24 < 17 && Math.floor(h / 24) % 7 < 5;
    traffic(monitor, 0, 24 * 14, (h) => (busy(h) ? 300 : 60));
    expect(alerts).toEqual([]);
    // The same busy hour in week three: still no alert; 600 at 03:00 on a Tuesday is one.
    traffic(monitor, 24 * 14 + 10, 1, () => 300);
    expect(alerts).toEqual([]);
    traffic(monitor, 24 * 15 + 3, 1, () => 200);
    expect(alerts.map((a) => a.alert.kind)).toContain('volume_spike');
  });

  it('does not page a quiet system, nor before the baseline has been learned', () => {
    const { raise, alerts } = collector();
    const monitor = createVolumeSpikeMonitor(() => settings, raise);
    traffic(monitor, 0, 2, () => 500); // learning: no baseline yet
    traffic(monitor, 2, 48, () => 2);
    traffic(monitor, 50, 1, () => 40); // 20x the baseline, below minRequestsPerHour (50)
    expect(alerts).toEqual([]);
  });

  it('fires on a burst at an hour that is usually idle, once the burst reaches minRequestsPerHour', () => {
    const { raise, alerts } = collector();
    const monitor = createVolumeSpikeMonitor(() => settings, raise);
    // Daytime traffic only (08:00–18:00); nights are learned as zero.
    traffic(monitor, 0, 48, (h) => (h % 24 >= 8 && h % 24 < 18 ? 80 : 0));
    expect(alerts).toEqual([]);
    traffic(monitor, 48 + 3, 1, () => 49);
    expect(alerts).toEqual([]);
    monitor.observe(settled(), MONDAY + 51 * HOUR_MS + HOUR_MS - 1);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.alert.message).toBe('50 calls this hour in environment:prod, which usually has none at this hour');
    expect(alerts[0]!.alert.evidence.baselinePerHour).toBe(0);
  });

  it('is off when disabled for the environment', () => {
    const { raise, alerts } = collector();
    const monitor = createVolumeSpikeMonitor((env) => ({ ...settings, enabled: env !== 'prod' }), raise);
    traffic(monitor, 0, 30, () => 60);
    traffic(monitor, 30, 1, () => 1000);
    expect(alerts).toEqual([]);
  });
});
