import { describe, expect, it } from 'vitest';
import { assertTimeZone, periodBounds } from './periods.js';

describe('periodBounds', () => {
  const at = Date.parse('2026-03-15T13:45:00Z');

  it('UTC day and month', () => {
    expect(periodBounds(at, 'day')).toEqual({ startMs: Date.parse('2026-03-15T00:00:00Z'), endMs: Date.parse('2026-03-16T00:00:00Z') });
    expect(periodBounds(at, 'month')).toEqual({ startMs: Date.parse('2026-03-01T00:00:00Z'), endMs: Date.parse('2026-04-01T00:00:00Z') });
    expect(periodBounds(Date.parse('2026-12-31T23:59:59Z'), 'month').endMs).toBe(Date.parse('2027-01-01T00:00:00Z'));
  });

  it('follows a time zone, including a DST change inside the period', () => {
    // New York: 2026-03-08 is the spring-forward day (23 hours long).
    const ny = periodBounds(Date.parse('2026-03-08T12:00:00Z'), 'day', 'America/New_York');
    expect(ny.startMs).toBe(Date.parse('2026-03-08T05:00:00Z'));
    expect(ny.endMs).toBe(Date.parse('2026-03-09T04:00:00Z'));
    const tokyo = periodBounds(Date.parse('2026-03-31T16:00:00Z'), 'month', 'Asia/Tokyo');
    expect(tokyo.startMs).toBe(Date.parse('2026-03-31T15:00:00Z'));
    expect(tokyo.endMs).toBe(Date.parse('2026-04-30T15:00:00Z'));
  });

  it('rejects an unknown zone', () => {
    expect(() => {
      assertTimeZone('Mars/Olympus');
    }).toThrow();
  });
});
