import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';
import { MONITOR_DEFAULTS, monitorSettingsFor } from './monitoring.js';

const base = { store: { kind: 'memory' as const }, environments: { prod: {}, dev: {} } };

describe('monitoring config', () => {
  it('resolves an environment\'s monitors field by field: defaults, then monitors, then perEnvironment', () => {
    const config = parseConfig({
      ...base,
      monitoring: {
        monitors: { volumeSpike: { factor: 3 }, offHours: { timeZone: 'Europe/Berlin' } },
        perEnvironment: { prod: { volumeSpike: { minRequestsPerHour: 500 }, offHours: { enabled: true } } },
      },
    });
    const prod = monitorSettingsFor(config.monitoring, 'prod');
    expect(prod.volumeSpike).toEqual({ ...MONITOR_DEFAULTS.volumeSpike, factor: 3, minRequestsPerHour: 500 });
    expect(prod.offHours).toEqual({ ...MONITOR_DEFAULTS.offHours, timeZone: 'Europe/Berlin', enabled: true });
    const dev = monitorSettingsFor(config.monitoring, 'dev');
    expect(dev.volumeSpike).toEqual({ ...MONITOR_DEFAULTS.volumeSpike, factor: 3 });
    expect(dev.offHours.enabled).toBe(false);
    expect(monitorSettingsFor(config.monitoring, undefined)).toEqual(dev);
  });

  it('has safe defaults: metrics on, tracing off, off-hours off, no user blocking', () => {
    const config = parseConfig(base);
    expect(config.monitoring.metrics).toMatchObject({ enabled: true, path: '/metrics', host: '127.0.0.1' });
    expect(config.monitoring.tracing.enabled).toBe(false);
    expect(config.monitoring.alerts).toMatchObject({ cooldownMs: 3_600_000, log: true, store: true, webhooks: [] });
    const settings = monitorSettingsFor(config.monitoring, 'prod');
    expect(settings.offHours.enabled).toBe(false);
    expect(settings.repeatedTriggers.blockUser).toBe(false);
  });

  it('refuses unknown keys, unknown environments, bad times and zones with their paths', () => {
    expect(() => parseConfig({ ...base, monitoring: { monitors: { volumeSpike: { factr: 3 } } } })).toThrow(/factr/);
    expect(() => parseConfig({ ...base, monitoring: { perEnvironment: { staging: {} } } })).toThrow(/monitoring\.perEnvironment\.staging.*unknown environment/s);
    expect(() => parseConfig({ ...base, monitoring: { monitors: { offHours: { start: '25:00' } } } })).toThrow(/HH:MM/);
    expect(() => parseConfig({ ...base, monitoring: { monitors: { offHours: { timeZone: 'Mars/Olympus' } } } })).toThrow(/IANA/);
    expect(() => parseConfig({ ...base, monitoring: { monitors: { volumeSpike: { factor: 1 } } } })).toThrow(/factor/);
  });
});
