import { describe, expect, it } from 'vitest';
import { MONITOR_DEFAULTS } from '../../config/monitoring.js';
import { createErrorRateMonitor } from './error-rate.js';
import { collector, MONDAY, settled } from './test-support.js';

const settings = { ...MONITOR_DEFAULTS.errorRate, windowMs: 300_000, minRequests: 50, minBaselineWindows: 3 };
const ok = settled();
const unauthorized = settled({ status: 401, decision: 'denied', errorCode: 'invalid_api_key', environment: null, keyId: null, user: null });

/** One window of traffic: `requests` spread over it, `errors` of them (evenly spread) failing. */
function window(monitor: ReturnType<typeof createErrorRateMonitor>, index: number, requests: number, errors: number, error = unauthorized, good = ok): void {
  for (let i = 0; i < requests; i++) {
    const failing = Math.floor(((i + 1) * errors) / requests) > Math.floor((i * errors) / requests);
    monitor.observe(failing ? error : good, MONDAY + index * settings.windowMs + i * 1000);
  }
}

describe('error-rate monitor', () => {
  it('fires when the share of errors jumps well above its baseline (probing)', () => {
    const { raise, alerts } = collector();
    const monitor = createErrorRateMonitor(() => settings, raise);
    // The unattributed traffic (no environment: refused before a key matched) has its own baseline.
    const anonymousOk = settled({ environment: null });
    for (let w = 0; w < 6; w++) window(monitor, w, 100, 5, settled({ status: 404, errorCode: 'route_not_found', environment: null }), anonymousOk);
    const probe = (i: number) => settled({ status: 401, errorCode: 'invalid_api_key', environment: null, requestId: `req_${i}` });
    for (let i = 0; i < 60; i++) monitor.observe(i % 2 === 0 ? probe(i) : settled({ environment: null }), MONDAY + 6 * settings.windowMs + i * 1000);
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    const first = alerts[0]!;
    expect(first.environment).toBeUndefined();
    expect(first.alert).toMatchObject({ kind: 'error_rate', subject: 'unattributed', evidence: { baselineRatio: 0.05, statuses: 'all' } });
    expect(first.alert.evidence.topCodes).toMatch(/^invalid_api_key:\d+$/);
    expect(Number(first.alert.evidence.errorRatio)).toBeGreaterThanOrEqual(0.15);
  });

  it('stays quiet on a steady error share, on small windows, and on client aborts', () => {
    const { raise, alerts } = collector();
    const monitor = createErrorRateMonitor(() => settings, raise);
    for (let w = 0; w < 10; w++) window(monitor, w, 100, 10, settled({ status: 429, errorCode: 'rate_limited' }));
    window(monitor, 10, 30, 30, settled({ status: 500, errorCode: 'internal_error' })); // 100 %, but only 30 requests
    window(monitor, 11, 100, 100, settled({ status: 499, decision: 'aborted' }));
    expect(alerts).toEqual([]);
  });

  it('counts only 5xx when statuses is 5xx', () => {
    const { raise, alerts } = collector();
    const monitor = createErrorRateMonitor(() => ({ ...settings, statuses: '5xx' }), raise);
    for (let w = 0; w < 5; w++) window(monitor, w, 100, 2, settled({ status: 502, errorCode: 'upstream_unreachable' }));
    window(monitor, 5, 100, 80, settled({ status: 400, errorCode: 'invalid_request' }));
    expect(alerts).toEqual([]);
    window(monitor, 6, 100, 40, settled({ status: 502, errorCode: 'upstream_unreachable' }));
    expect(alerts[0]!.alert).toMatchObject({ kind: 'error_rate', subject: 'environment:prod', evidence: { statuses: '5xx' } });
  });
});
