import { describe, expect, it } from 'vitest';
import { FAKE } from './test-fixtures.js';
import {
  SECRETS_CONTEXT_CHARS,
  SECRETS_MAX_MATCH_CHARS,
  SECRETS_SHORT_HOLD_CHARS,
  findSecrets,
  redactSecrets,
  secretsHoldBackStart,
} from './index.js';
import { type Replacement, simulateStream, splitAt } from './test-stream-harness.js';

// Assembled so that repository secret scanners do not flag the test file itself.
const PK = ['PRIVATE', 'KEY'].join(' ');

const scan = (window: string): Replacement[] =>
  findSecrets(window).map((m) => ({ ...m, replacement: `[REDACTED:${m.rule}]` }));

const options = { holdBack: SECRETS_MAX_MATCH_CHARS, context: SECRETS_CONTEXT_CHARS };

/**
 * Filler longer than the hold-back in front, so the release point really moves through the
 * secret while it streams; the secret sits at `at`.
 */
function document(secret: string): { text: string; at: number } {
  const before = 'Some earlier prose. '.repeat(Math.ceil((SECRETS_MAX_MATCH_CHARS + 200) / 20));
  const after = ' And more prose after it.'.repeat(Math.ceil((SECRETS_MAX_MATCH_CHARS + 200) / 25));
  return { text: before + secret + after, at: before.length };
}

describe('secrets under streaming with a hold-back of SECRETS_MAX_MATCH_CHARS', () => {
  it.each([
    ['openai', FAKE.openaiProject],
    ['anthropic', FAKE.anthropic],
    ['portcullis', FAKE.portcullis],
    ['jwt', FAKE.jwt],
    ['pem', FAKE.pem],
    ['aws pair', `${FAKE.awsKeyId}\n${FAKE.awsSecret}`],
    ['db url', 'postgres://app:Tr0ub4dor3x@db:5432/app'],
  ])('%s: found at every chunk boundary', (_name, secret) => {
    const { text, at } = document(secret);
    const expected = redactSecrets(text).text;
    expect(expected).not.toContain(secret);
    // Two chunks, the boundary at every offset in and around the secret.
    for (let i = at - 2; i <= at + secret.length + 2; i++) {
      expect(simulateStream(splitAt(text, [i]), scan, options)).toBe(expected);
    }
    // One character at a time while the release point sweeps across the secret.
    const from = at + options.holdBack - 4;
    const to = at + secret.length + options.holdBack + 4;
    const cuts = Array.from({ length: to - from }, (_, k) => from + k);
    expect(simulateStream(splitAt(text, cuts), scan, options)).toBe(expected);
  });

  it('leaks part of a key when the hold-back is too small (the harness is not vacuous)', () => {
    const { text, at } = document(FAKE.openaiLegacy);
    const cuts = Array.from({ length: 80 }, (_, k) => at - 10 + k);
    const out = simulateStream(splitAt(text, cuts), scan, { holdBack: 4 });
    expect(out).toContain(FAKE.openaiLegacy.slice(0, 12));
  });
});

describe('secrets under streaming with the adaptive hold-back (secretsHoldBackStart)', () => {
  const adaptive = { holdBack: 0, context: SECRETS_CONTEXT_CHARS, holdFrom: secretsHoldBackStart };
  const longPem = `-----BEGIN ${PK}-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n'.repeat(60)}-----END ${PK}-----`;

  it.each([
    ['openai', FAKE.openaiProject],
    ['anthropic', FAKE.anthropic],
    ['jwt', FAKE.jwt],
    ['pem (3 KB)', longPem],
    ['aws id after its secret', `${FAKE.awsSecret}${' x'.repeat(140)} ${FAKE.awsKeyId}`],
    ['aws pair', `${FAKE.awsKeyId}\n${FAKE.awsSecret}`],
    ['sas', `https://a.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=${FAKE.sasSig}`],
    ['db url', 'postgres://app:Tr0ub4dor3x@db:5432/app'],
  ])('%s: found with chunks of every size 1..9 and at every boundary', (_name, secret) => {
    const before = 'Some earlier prose. '.repeat(40);
    const text = `${before}${secret} and more prose after it. ${'Tail. '.repeat(100)}`;
    const expected = redactSecrets(text).text;
    for (let size = 1; size <= 9; size++) {
      const cuts = Array.from({ length: Math.floor(text.length / size) }, (_, k) => (k + 1) * size).filter((c) => c < text.length);
      expect(simulateStream(splitAt(text, cuts), scan, adaptive), `size ${size}`).toBe(expected);
    }
    for (let i = before.length - 1; i <= before.length + secret.length + 1; i += Math.max(1, Math.floor(secret.length / 50))) {
      expect(simulateStream(splitAt(text, [i]), scan, adaptive)).toBe(expected);
    }
  });

  it('would leak the start of a long JWT without the open-token rule (the test is not vacuous)', () => {
    const payload = Buffer.from(JSON.stringify({ sub: '1', roles: 'r'.repeat(2000) })).toString('base64url');
    const jwt = `${FAKE.jwt.split('.')[0]!}.${payload}.${FAKE.jwt.split('.')[2]!}`;
    const text = `${'Words. '.repeat(50)}${jwt} after. ${'Tail. '.repeat(100)}`;
    const cuts = Array.from({ length: Math.floor(text.length / 5) }, (_, k) => (k + 1) * 5);
    const fixedShort = { holdBack: 0, context: SECRETS_CONTEXT_CHARS, holdFrom: (w: string) => w.length - SECRETS_SHORT_HOLD_CHARS };
    expect(simulateStream(splitAt(text, cuts), scan, fixedShort)).toContain(FAKE.jwt.split('.')[0]!);
    expect(simulateStream(splitAt(text, cuts), scan, adaptive)).toBe(redactSecrets(text).text);
  });

  it('holds back only SECRETS_SHORT_HOLD_CHARS of ordinary prose', () => {
    const window = 'Plain words and sk-learn. '.repeat(400);
    expect(secretsHoldBackStart(window)).toBe(window.length - SECRETS_SHORT_HOLD_CHARS);
  });

  it('holds from an open PEM block or a JWT running into the end of the window', () => {
    const prose = 'Plain words. '.repeat(100);
    expect(secretsHoldBackStart(`${prose}-----BEGIN ${PK}-----\n${'QUJD'.repeat(300)}`)).toBe(prose.length);
    expect(secretsHoldBackStart(`${prose}${FAKE.jwt.slice(0, 60)}${'x'.repeat(500)}`)).toBe(prose.length);
  });

  it('is linear on 100 KB of hostile input', () => {
    const t0 = performance.now();
    secretsHoldBackStart('eyJ.'.repeat(25_000));
    secretsHoldBackStart(`-----BEGIN ${PK}-----`.repeat(3_700));
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
