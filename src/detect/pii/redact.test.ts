import { describe, expect, it } from 'vitest';
import { SECRETS_CONTEXT_CHARS } from '../secrets/index.js';
import { type Replacement, simulateStream, splitAt } from '../secrets/test-stream-harness.js';
import { PII_CONTEXT_CHARS, PII_MAX_MATCH_CHARS, findPii, redactPii } from './index.js';

describe('redactPii', () => {
  it('replaces matches with their kind', () => {
    const r = redactPii('Mail jane@northwind.org or call +1 415 555 0123; card 4111 1111 1111 1111.');
    expect(r.text).toBe('Mail [REDACTED:email] or call [REDACTED:phone]; card [REDACTED:card].');
    expect(r.count).toBe(3);
    expect(r.kinds).toEqual(['email', 'phone', 'card']);
  });
  it('redacts only the requested kinds', () => {
    expect(redactPii('jane@northwind.org 4111 1111 1111 1111', ['card']).text).toBe('jane@northwind.org [REDACTED:card]');
  });
});

describe('PII under streaming with a hold-back of PII_MAX_MATCH_CHARS', () => {
  const scan = (w: string): Replacement[] => findPii(w).map((m) => ({ ...m, replacement: `[REDACTED:${m.kind}]` }));
  const options = { holdBack: PII_MAX_MATCH_CHARS, context: PII_CONTEXT_CHARS };
  expect(PII_CONTEXT_CHARS).toBeLessThan(SECRETS_CONTEXT_CHARS);

  it.each([
    ['card', '4111 1111 1111 1111'],
    ['iban', 'DE89 3704 0044 0532 0130 00'],
    ['email', 'jane.doe@mail.northwind.org'],
    ['phone', '+44 20 7946 0958'],
    ['steuer-id', 'Steuer-ID: 86095742719'],
  ])('%s: found at every chunk boundary', (_name, pii) => {
    const before = 'Earlier words. '.repeat(60);
    const text = `${before}${pii} and then the answer goes on. ${'More. '.repeat(120)}`;
    const expected = redactPii(text).text;
    expect(expected).not.toContain(pii.slice(-8));
    const at = before.length;
    for (let i = at - 1; i <= at + pii.length + 1; i++) {
      expect(simulateStream(splitAt(text, [i]), scan, options)).toBe(expected);
    }
    const from = at + options.holdBack - 3;
    const cuts = Array.from({ length: pii.length + 6 }, (_, k) => from + k);
    expect(simulateStream(splitAt(text, cuts), scan, options)).toBe(expected);
  });
});
