import { describe, expect, it } from 'vitest';
import { MONITOR_DEFAULTS } from '../../config/monitoring.js';
import { createOffHoursMonitor } from './off-hours.js';
import { collector, settled } from './test-support.js';

const berlin = { ...MONITOR_DEFAULTS.offHours, enabled: true, timeZone: 'Europe/Berlin', start: '08:00', end: '18:00', minRequests: 2 };
const at = (iso: string): number => Date.parse(iso);

describe('off-hours monitor', () => {
  it('stays quiet during business hours in the environment\'s time zone', () => {
    const { raise, alerts } = collector();
    const monitor = createOffHoursMonitor(() => berlin, raise);
    // Tuesday 3 March 2026: 07:30 UTC is 08:30 in Berlin (CET), 16:59 UTC is 17:59.
    for (const time of ['2026-03-03T07:30:00Z', '2026-03-03T12:00:00Z', '2026-03-03T16:59:00Z', '2026-03-03T16:59:30Z']) monitor.observe(settled(), at(time));
    expect(alerts).toEqual([]);
  });

  it('fires after minRequests requests outside business hours, with the local time as evidence', () => {
    const { raise, alerts } = collector();
    const monitor = createOffHoursMonitor(() => berlin, raise);
    monitor.observe(settled(), at('2026-03-03T17:00:00Z')); // 18:00 Berlin: closed
    expect(alerts).toEqual([]);
    monitor.observe(settled({ keyId: 'key_night' }), at('2026-03-03T22:15:00Z'));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.alert).toMatchObject({
      kind: 'off_hours',
      subject: 'environment:prod',
      evidence: { localTime: 'Tue 23:15', timeZone: 'Europe/Berlin', requestsThisStretch: 2, keyId: 'key_night', businessHours: 'mon,tue,wed,thu,fri 08:00-18:00' },
    });
  });

  it('counts a weekend day as off hours, and never counts ignored keys or refused anonymous calls', () => {
    const { raise, alerts } = collector();
    const monitor = createOffHoursMonitor(() => ({ ...berlin, ignoreKeys: ['key_batch'] }), raise);
    for (let i = 0; i < 5; i++) monitor.observe(settled({ keyId: 'key_batch' }), at('2026-03-07T11:00:00Z') + i);
    for (let i = 0; i < 5; i++) monitor.observe(settled({ keyId: null, environment: null, status: 401 }), at('2026-03-07T11:00:00Z') + i);
    expect(alerts).toEqual([]);
    monitor.observe(settled(), at('2026-03-07T11:00:00Z'));
    monitor.observe(settled(), at('2026-03-07T11:05:00Z'));
    expect(alerts[0]!.alert.evidence.localTime).toBe('Sat 12:05');
  });

  it('handles business hours that run past midnight', () => {
    const { raise, alerts } = collector();
    const monitor = createOffHoursMonitor(() => ({ ...berlin, timeZone: 'UTC', start: '22:00', end: '06:00', minRequests: 1 }), raise);
    monitor.observe(settled(), at('2026-03-03T23:00:00Z'));
    monitor.observe(settled(), at('2026-03-04T05:59:00Z'));
    expect(alerts).toEqual([]);
    monitor.observe(settled(), at('2026-03-04T12:00:00Z'));
    expect(alerts).toHaveLength(1);
  });

  it('sees the minute change at once (the local time is kept per minute, never longer), across a DST change too', () => {
    const { raise, alerts } = collector();
    const monitor = createOffHoursMonitor(() => ({ ...berlin, minRequests: 1 }), raise);
    monitor.observe(settled(), at('2026-03-03T16:59:59.999Z')); // 17:59:59 Berlin: open
    expect(alerts).toEqual([]);
    monitor.observe(settled(), at('2026-03-03T17:00:00.000Z')); // 18:00 Berlin: closed
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.alert.evidence.localTime).toBe('Tue 18:00');
    // 29 March 2026, 01:00 UTC: Berlin goes from 02:00 CET to 03:00 CEST.
    const night = createOffHoursMonitor(() => ({ ...berlin, days: ['sun'], start: '02:30', end: '02:59', minRequests: 1 }), raise);
    night.observe(settled(), at('2026-03-29T00:59:59Z'));
    expect(alerts.at(-1)!.alert.evidence.localTime).toBe('Sun 01:59');
    night.observe(settled(), at('2026-03-29T01:00:00Z'));
    expect(alerts.at(-1)!.alert.evidence.localTime).toBe('Sun 03:00');
  });

  it('is off by default', () => {
    const { raise, alerts } = collector();
    const monitor = createOffHoursMonitor(() => MONITOR_DEFAULTS.offHours, raise);
    monitor.observe(settled(), at('2026-03-08T03:00:00Z'));
    expect(alerts).toEqual([]);
  });
});
