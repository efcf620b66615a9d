import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['45s', 45_000],
    ['30m', 30 * 60_000],
    ['24h', 24 * 3_600_000],
    ['90d', 90 * 86_400_000],
    ['2w', 2 * 7 * 86_400_000],
    ['0s', 0],
    ['1d', 86_400_000],
    ['365d', 365 * 86_400_000],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('allows surrounding whitespace and a space before the unit', () => {
    expect(parseDuration('  7d\n')).toBe(7 * 86_400_000);
    expect(parseDuration('10 m')).toBe(600_000);
  });

  it.each(['', '90', 'd', '1.5h', '-1d', '+1d', '1D', '1y', '1ms', '1d2h', 'ninety days', '1 d x', '1e3s'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(`"${text}" is not a duration`);
  });
});
