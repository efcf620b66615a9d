import { describe, expect, it } from 'vitest';
import { lintPrompt } from './lint.js';

describe('managed prompt lint', () => {
  it('passes an ordinary prompt, public addresses included', () => {
    expect(lintPrompt('You are a helpful assistant for example.com.\nThe public status page is at 8.8.8.8 and https://status.example.com.')).toEqual([]);
  });

  it('finds credentials and connection strings, with their line', () => {
    const key = ['sk-proj-', 'Q3f9XkLm2Vb8Tn4Rw7Yz1Pc6Hd5Js0Ga', 'E2uIoK8mNbV4cX6zL1qW9rT3yU7pA5sD'].join('');
    const findings = lintPrompt(`Line one.\nUse the key ${key} for lookups.\nDB: postgres://app:Xq9v2LmP4sTz@db.example.com/app`);
    expect(findings.map((f) => f.line)).toEqual([2, 3]);
    expect(findings[0]?.what).toContain('credential');
  });

  it('finds private addresses and internal host names', () => {
    const findings = lintPrompt('Call 10.1.2.3 first.\nThen billing.corp or api.internal.\nOr [fd00::1]\nlocalhost works too');
    expect(findings).toEqual([
      { line: 1, what: 'a private or loopback IP address' },
      { line: 2, what: 'an internal host name' },
      { line: 2, what: 'an internal host name' },
      { line: 3, what: 'a private or loopback IPv6 address' },
      { line: 4, what: 'an internal host name' },
    ]);
  });
});
