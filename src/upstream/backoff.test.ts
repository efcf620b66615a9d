import { describe, expect, it } from 'vitest';
import { backoffMs, retryAfterMs } from './backoff.js';

describe('backoff with full jitter', () => {
  it('doubles the ceiling per retry up to the maximum, and waits a random share of it', () => {
    expect(backoffMs(1, 100, 10_000, () => 0.999)).toBe(99);
    expect(backoffMs(2, 100, 10_000, () => 0.999)).toBe(199);
    expect(backoffMs(3, 100, 10_000, () => 0.5)).toBe(200);
    expect(backoffMs(10, 100, 1_000, () => 0.999)).toBe(999);
    expect(backoffMs(4, 100, 10_000, () => 0)).toBe(0);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-12-04T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(retryAfterMs({ 'retry-after': '3' }, now)).toBe(3000);
    expect(retryAfterMs({ 'retry-after': '0' }, now)).toBe(0);
  });

  it('reads an HTTP-date, past dates meaning now', () => {
    expect(retryAfterMs({ 'retry-after': 'Fri, 04 Dec 2026 12:00:05 GMT' }, now)).toBe(5000);
    expect(retryAfterMs({ 'retry-after': 'Fri, 04 Dec 2026 11:00:00 GMT' }, now)).toBe(0);
  });

  it('prefers retry-after-ms for its precision', () => {
    expect(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '1' }, now)).toBe(250);
    expect(retryAfterMs({ 'retry-after-ms': '12.5' }, now)).toBe(13);
  });

  it('ignores absent, negative and unparsable values', () => {
    expect(retryAfterMs({}, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': '-1' }, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': '1.5' }, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after': 'Not a date 99' }, now)).toBeUndefined();
    expect(retryAfterMs({ 'retry-after-ms': 'x', 'retry-after': '2' }, now)).toBe(2000);
  });
});
