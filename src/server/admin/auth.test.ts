import { describe, expect, it } from 'vitest';
import { createAdminTokenCheck } from './auth.js';

describe('createAdminTokenCheck', () => {
  const token = 'a-long-enough-admin-token-value-123';
  const check = createAdminTokenCheck(token);

  it('accepts only the exact token', () => {
    expect(check(token)).toBe(true);
    expect(check(`${token} `)).toBe(false);
    expect(check(token.slice(0, -1))).toBe(false);
    expect(check(token.toUpperCase())).toBe(false);
  });

  it('refuses missing, empty, repeated and oversized headers', () => {
    expect(check(undefined)).toBe(false);
    expect(check('')).toBe(false);
    expect(check([token, token])).toBe(false);
    expect(check('x'.repeat(5000))).toBe(false);
  });

  it('refuses to start with a short token', () => {
    expect(() => createAdminTokenCheck('short')).toThrow(/at least 24 characters/);
  });
});
