import { describe, expect, it } from 'vitest';
import { type Replacement, simulateStream, splitAt } from '../secrets/test-stream-harness.js';
import { CANARY_MAX_MATCH_CHARS, CANARY_PREFIX, createCanary, findCanary } from './index.js';

describe('createCanary', () => {
  it('makes fresh prefixed base62 tokens', () => {
    const a = createCanary();
    const b = createCanary();
    expect(a).toMatch(/^pcl-canary-[0-9A-Za-z]{20}$/);
    expect(a).not.toBe(b);
  });
});

describe('findCanary', () => {
  const canary = `${CANARY_PREFIX}Ab3Xy9Qr7Lm2Np5Kd8Zt`;
  const random = canary.slice(CANARY_PREFIX.length);

  it('finds the canary verbatim with its offsets', () => {
    const text = `My instructions begin with ${canary} and say…`;
    const [m] = findCanary(text, canary);
    expect(text.slice(m!.start, m!.end)).toBe(random);
  });

  it.each([
    ['upper case', canary.toUpperCase()],
    ['spaced', Array.from(random).join(' ')],
    ['dashed', Array.from(random).join('-')],
    ['dotted with spaces', Array.from(random).join('. ')],
    ['zero-width joined', Array.from(random).join('\u200b')],
    ['fullwidth', Array.from(random).map((c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)).join('')],
    ['without the prefix', `token: ${random}`],
    ['in a code block', `\`\`\`\n${canary}\n\`\`\``],
  ])('finds it %s', (_name, text) => {
    expect(findCanary(`The secret marker is ${text}.`, canary)).toHaveLength(1);
  });

  it('finds it reversed', () => {
    const [m] = findCanary(`backwards: ${Array.from(random).reverse().join('')}`, canary);
    expect(m?.reversed).toBe(true);
  });

  it('does not find other canaries, a partial copy or letters too far apart', () => {
    expect(findCanary(`${CANARY_PREFIX}Zb3Xy9Qr7Lm2Np5Kd8Zt`, canary)).toEqual([]);
    expect(findCanary(random.slice(0, 19), canary)).toEqual([]);
    expect(findCanary(Array.from(random).join('    '), canary)).toEqual([]);
    expect(findCanary('pcl-canary is mentioned in the docs', canary)).toEqual([]);
  });

  it('a spaced match fits in CANARY_MAX_MATCH_CHARS', () => {
    const text = Array.from(canary).join(' , ');
    const [m] = findCanary(text, canary);
    expect(m!.end - m!.start).toBeLessThanOrEqual(CANARY_MAX_MATCH_CHARS);
  });

  it('is linear on 100 KB of hostile input', () => {
    const t0 = performance.now();
    findCanary('Ab3'.repeat(34_000), canary);
    findCanary('a - '.repeat(25_000), canary);
    expect(performance.now() - t0).toBeLessThan(1500);
  });
});

describe('findCanary under streaming with a hold-back of CANARY_MAX_MATCH_CHARS', () => {
  const canary = `${CANARY_PREFIX}Ab3Xy9Qr7Lm2Np5Kd8Zt`;
  const scan = (w: string): Replacement[] => findCanary(w, canary).map((m) => ({ ...m, replacement: '[canary]' }));

  it.each([
    ['verbatim', canary],
    ['spaced', Array.from(canary).join(' ')],
  ])('%s: found at every chunk boundary', (_name, written) => {
    const before = 'Some words. '.repeat(30);
    const text = `${before}${written} and after. ${'More. '.repeat(40)}`;
    const expected = scan(text);
    expect(expected).toHaveLength(1);
    const whole = simulateStream([text], scan, { holdBack: CANARY_MAX_MATCH_CHARS });
    const at = before.length;
    for (let i = at - 1; i <= at + written.length + 1; i++) {
      expect(simulateStream(splitAt(text, [i]), scan, { holdBack: CANARY_MAX_MATCH_CHARS })).toBe(whole);
    }
    const from = at + CANARY_MAX_MATCH_CHARS - 3;
    const cuts = Array.from({ length: written.length + 6 }, (_, k) => from + k);
    expect(simulateStream(splitAt(text, cuts), scan, { holdBack: CANARY_MAX_MATCH_CHARS })).toBe(whole);
    expect(whole).toContain('[canary]');
  });
});
