import { countTokens as cl100kDirect } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as o200kDirect } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { countTextTokens, emptyStats, encodingForModel, warmTokenizers } from './encodings.js';

const AS_TEXT = { disallowedSpecial: new Set<string>() };

// Deterministic pseudo-random text, so the pathological cases defeat BPE's merge cache.
function noise(length: number, alphabet: string, seed = 7): string {
  // Code points are what is wanted here (the alphabets hold no combining sequences).
  const chars = Array.from(alphabet);
  let x = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    out += chars[x % chars.length] ?? '';
  }
  return out;
}

describe('encodingForModel', () => {
  it.each([
    ['gpt-4o', 'o200k_base'],
    ['gpt-4o-2024-08-06', 'o200k_base'],
    ['chatgpt-4o-latest', 'o200k_base'],
    ['gpt-4o-mini', 'o200k_base'],
    ['gpt-4.1-nano', 'o200k_base'],
    ['gpt-4.5-preview', 'o200k_base'],
    ['gpt-5', 'o200k_base'],
    ['gpt-5.2-pro', 'o200k_base'],
    ['o1', 'o200k_base'],
    ['o3-mini', 'o200k_base'],
    ['o4-mini-2025-04-16', 'o200k_base'],
    ['gpt-4', 'cl100k_base'],
    ['gpt-4-0613', 'cl100k_base'],
    ['gpt-4-turbo', 'cl100k_base'],
    ['GPT-4-32K', 'cl100k_base'],
    ['gpt-3.5-turbo', 'cl100k_base'],
    ['gpt-35-turbo', 'cl100k_base'],
    ['text-embedding-3-small', 'cl100k_base'],
    ['text-embedding-ada-002', 'cl100k_base'],
    ['my-azure-deployment', 'o200k_base'],
  ])('%s → %s', (model, encoding) => {
    expect(encodingForModel(model)).toBe(encoding);
  });

  it('defaults to o200k_base without a model', () => {
    expect(encodingForModel(undefined)).toBe('o200k_base');
  });
});

describe('countTextTokens', () => {
  warmTokenizers();

  it('is zero for empty text', () => {
    expect(countTextTokens('o200k_base', '')).toBe(0);
  });

  it.each([
    'Hello, Claude',
    'You are a scientist',
    'The quick brown fox jumps over the lazy dog.\n\nSecond paragraph, with   extra  spaces.',
    'function add(a: number, b: number): number {\n  return a + b;\n}\n',
    '日本語のテキスト、そして中文文本。한국어 텍스트.',
    'Привет, мир! Γειά σου κόσμε. مرحبا بالعالم',
    'emoji 😀👍🏽👨‍👩‍👧 and flags 🇫🇷🇯🇵',
  ])('matches gpt-tokenizer exactly on ordinary text: %j', (text) => {
    expect(countTextTokens('o200k_base', text)).toBe(o200kDirect(text, AS_TEXT));
    expect(countTextTokens('cl100k_base', text)).toBe(cl100kDirect(text, AS_TEXT));
  });

  it('knows the small counts the fixtures rely on', () => {
    expect(countTextTokens('o200k_base', 'Hello, Claude')).toBe(3);
    expect(countTextTokens('o200k_base', 'You are a scientist')).toBe(4);
  });

  it('counts special-token text as text instead of throwing', () => {
    const text = 'before <|endoftext|> after <|im_start|>';
    expect(() => o200kDirect(text)).toThrow(/special token/);
    expect(countTextTokens('o200k_base', text)).toBe(o200kDirect(text, AS_TEXT));
    expect(countTextTokens('o200k_base', text)).toBeGreaterThan(countTextTokens('o200k_base', 'before  after '));
  });

  it('does not cut ordinary prose, code or line-broken lists', () => {
    const prose = 'Tokens are counted in one pass over the text, and ordinary prose is never cut. '.repeat(200);
    const list = Array.from({ length: 400 }, (_, i) => `item${i}`).join('\n');
    for (const text of [prose, list]) expect(countTextTokens('o200k_base', text)).toBe(o200kDirect(text, AS_TEXT));
  });

  it.each([
    ['a run of one letter', 'a'.repeat(3000)],
    ['spaces', ' '.repeat(3000)],
    ['random letters', noise(3000, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')],
    ['CJK without punctuation', noise(2000, '我们正在测试令牌计数器的性能中文字符')],
    ['symbols', noise(3000, '!@#$%^&*()_+-=[]{};:,.<>?/|~`')],
    ['emoji without spaces', noise(600, '😀👍🏽🎉🚀')],
    ['newlines', '\n'.repeat(3000)],
  ])('never counts below the uncut count when it cuts long runs: %s', (_name, text) => {
    for (const encoding of ['o200k_base', 'cl100k_base'] as const) {
      const direct = encoding === 'o200k_base' ? o200kDirect(text, AS_TEXT) : cl100kDirect(text, AS_TEXT);
      const counted = countTextTokens(encoding, text);
      expect(counted).toBeGreaterThanOrEqual(direct);
      // A cut costs its extra token plus at most one more where it split a merge.
      expect(counted).toBeLessThanOrEqual(direct * 1.1 + 2 * Math.ceil(text.length / 64) + 2);
    }
  });

  it('never splits a surrogate pair (the count of an emoji run stays whole)', () => {
    const text = '😀'.repeat(500);
    expect(countTextTokens('o200k_base', text)).toBeGreaterThanOrEqual(o200kDirect(text, AS_TEXT));
  });

  it('stays linear on inputs that are quadratic for plain BPE', () => {
    // 100 000 × "a" takes 10–20 s uncut; cut, all of these together take well under a second.
    const started = performance.now();
    countTextTokens('o200k_base', 'a'.repeat(100_000));
    countTextTokens('o200k_base', ' '.repeat(100_000));
    countTextTokens('o200k_base', 'b'.repeat(100_000));
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('counts a 100 KB English prompt in milliseconds', () => {
    const text = 'The gateway counts every prompt before forwarding it, in a single pass over the text. '.repeat(1200).slice(0, 100_000);
    countTextTokens('o200k_base', text); // first run fills the merge cache
    const started = performance.now();
    const tokens = countTextTokens('o200k_base', text);
    const ms = performance.now() - started;
    expect(tokens).toBe(o200kDirect(text, AS_TEXT));
    expect(ms).toBeLessThan(500);
  });

  it('gathers the character statistics of the Claude estimate in the same pass', () => {
    const stats = emptyStats();
    // a, space, b: ASCII; é 1; 中 1.25; 😀 4; Armenian ա 2; Ethiopic ሀ 3; ’ 1 (punctuation).
    countTextTokens('o200k_base', 'aé中😀 bաሀ’', stats);
    expect(stats).toEqual({ ascii: 3, nonAsciiFloor: 1 + 1.25 + 4 + 2 + 3 + 1, nonAsciiLetters: 4 });
  });
});
