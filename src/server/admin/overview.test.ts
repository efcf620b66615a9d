import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import type { AuditEvent } from '../../audit/event.js';
import { buildOverview, rangeBuckets, spendWindowStart } from './overview.js';

function event(time: string, over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    requestId: `req_${time}`, time, keyId: 'key_a', environment: 'prod', user: null, provider: 'openai', model: 'gpt-4o-mini',
    endpoint: 'POST /v1/chat/completions', apiVersion: null, streamed: false,
    tokens: { input: 100, output: 50, cached: 0, reasoning: 0 }, costUsd: 0.01, latencyMs: 10, overheadMs: 1,
    upstreamStatus: 200, status: 200, decision: 'allowed', errorCode: null, stages: [], ...over,
  };
}

const config = parseConfig({
  budgets: { global: { usdPerDay: 1 }, timeZone: 'Europe/Berlin' },
  environments: { prod: { budgets: { environment: { usdPerDay: 0.5, usdPerMonth: 10 } } }, dev: {} },
});

describe('buildOverview', () => {
  const now = new Date('2026-12-04T12:30:00Z');

  it('makes aligned buckets whose last one holds now', () => {
    const { firstStart, count } = rangeBuckets('24h', now);
    expect(count).toBe(24);
    expect(new Date(firstStart).toISOString()).toBe('2026-12-03T13:00:00.000Z');
    const o = buildOverview([], { config, range: '1h', now, truncated: false });
    expect(o.buckets).toHaveLength(12);
    expect(o.buckets.at(-1)?.start).toBe('2026-12-04T12:30:00.000Z');
  });

  it('counts requests, denials by code, tokens and cost per bucket', () => {
    const events = [
      event('2026-12-04T12:05:00Z'),
      event('2026-12-04T12:10:00Z', { decision: 'denied', errorCode: 'rate_limited', status: 429, tokens: { input: null, output: null, cached: null, reasoning: null }, costUsd: null }),
      event('2026-12-04T11:10:00Z', { decision: 'denied', errorCode: 'rate_limited', status: 429, costUsd: null }),
      event('2026-12-04T11:20:00Z', { decision: 'denied', errorCode: 'prompt_injection_detected', status: 400, costUsd: null }),
      event('2026-12-04T11:30:00Z', { decision: 'failed', errorCode: 'upstream_timeout', status: 504, costUsd: 0 }),
      event('2026-12-01T00:00:00Z'), // outside the range
    ];
    const o = buildOverview(events, { config, range: '24h', now, truncated: false });
    const last = o.buckets.at(-1)!;
    expect(last).toMatchObject({ start: '2026-12-04T12:00:00.000Z', requests: 2, denied: 1, inputTokens: 100, outputTokens: 50, costUsd: 0.01 });
    expect(o.buckets.at(-2)).toMatchObject({ requests: 3, denied: 2, failed: 1 });
    expect(o.totals.requests).toBe(5);
    expect(o.denials).toEqual([{ code: 'rate_limited', count: 2 }, { code: 'prompt_injection_detected', count: 1 }]);
  });

  it('draws spend per budget day in budgets.timeZone against the right cap', () => {
    // Berlin midnight is 23:00 UTC in December: spend resets between the 22:00 and 23:00 buckets.
    // The range starts 2026-12-03T13:00Z; that Berlin day began 2026-12-02T23:00Z, so the 10:00Z
    // event is outside the bars but inside the first day's spend.
    expect(new Date(spendWindowStart('24h', now, 'Europe/Berlin')).toISOString()).toBe('2026-12-02T23:00:00.000Z');
    const events = [event('2026-12-03T10:00:00Z'), event('2026-12-03T21:10:00Z'), event('2026-12-03T22:10:00Z'), event('2026-12-03T23:10:00Z'), event('2026-12-04T10:00:00Z')];
    const o = buildOverview(events, { config, range: '24h', now, environment: 'prod', truncated: false });
    const at = (iso: string): number | undefined => o.spend.points.find((p) => p.t === iso)?.usd;
    expect(o.totals.requests).toBe(4);
    expect(o.spend.points[0]?.usd).toBe(0.01);
    expect(at('2026-12-03T22:00:00.000Z')).toBe(0.02);
    expect(at('2026-12-03T23:00:00.000Z')).toBe(0.03);
    expect(at('2026-12-04T00:00:00.000Z')).toBe(0.01);
    expect(o.spend.points.at(-1)?.usd).toBe(0.02);
    expect(o.spend).toMatchObject({ period: 'day', capUsd: 0.5, capSource: 'environments.prod.budgets.environment.usdPerDay' });
    expect(buildOverview([], { config, range: '24h', now, environment: 'dev', truncated: false }).spend).toMatchObject({ capUsd: 1, capSource: 'budgets.global.usdPerDay' });
    expect(buildOverview([], { config, range: '30d', now, environment: 'prod', truncated: false }).spend).toMatchObject({ period: 'month', capUsd: 10 });
    expect(buildOverview([], { config, range: '30d', now, truncated: false }).spend.capUsd).toBeNull();
  });
});
