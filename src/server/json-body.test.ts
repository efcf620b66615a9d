import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from './json-body.js';

const exceeds = (text: string, maxDepth: number): boolean => jsonDepthExceeds(Buffer.from(text, 'utf8'), maxDepth);
const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('jsonDepthExceeds', () => {
  it('counts objects and arrays alike', () => {
    expect(exceeds('{"a":{"b":[1,{"c":2}]}}', 4)).toBe(false);
    expect(exceeds('{"a":{"b":[1,{"c":2}]}}', 3)).toBe(true);
  });

  it('allows exactly the maximum depth and refuses one more', () => {
    expect(exceeds(nested(64), 64)).toBe(false);
    expect(exceeds(nested(65), 64)).toBe(true);
  });

  it('measures depth, not the number of containers', () => {
    const wide = `[${Array.from({ length: 1000 }, () => '{"a":[1]}').join(',')}]`;
    expect(exceeds(wide, 3)).toBe(false);
    expect(exceeds(wide, 2)).toBe(true);
  });

  it('treats scalars and empty input as depth 0', () => {
    for (const text of ['', '42', '"text"', 'null', 'true']) expect(exceeds(text, 1), text).toBe(false);
    expect(exceeds('{}', 0)).toBe(true);
  });

  it('does not count brackets inside strings', () => {
    const body = JSON.stringify({ messages: [{ role: 'user', content: '[[[[[[{{{{{{ ]]]] }}}' }] });
    expect(exceeds(body, 3)).toBe(false);
    expect(exceeds(`["${'['.repeat(10_000)}"]`, 1)).toBe(false);
  });

  it('does not end a string at an escaped quote', () => {
    // The string is `a\"[[[[` — the quote is escaped, so the brackets are still inside it.
    const body = JSON.stringify({ content: 'a"[[[[[[[[' });
    expect(body).toContain('\\"');
    expect(exceeds(body, 1)).toBe(false);
  });

  it('handles an escaped backslash right before the closing quote', () => {
    // `"\\"` is a complete string holding one backslash; the brackets after it are structure.
    const body = '["\\\\", [[[1]]]]';
    expect(JSON.parse(body)).toEqual(['\\', [[[1]]]]);
    expect(exceeds(body, 4)).toBe(false);
    expect(exceeds(body, 3)).toBe(true);
  });

  it('handles unicode escapes and multi-byte characters in strings', () => {
    const body = JSON.stringify({ a: '\u0022 [ é 世界 🎉 \\u005b' });
    expect(exceeds(body, 1)).toBe(false);
  });

  it('catches a hostile document of 100 000 levels without recursion', () => {
    expect(exceeds(nested(100_000), 64)).toBe(true);
    expect(exceeds('['.repeat(100_000), 64)).toBe(true);
  });

  it('counts depth again after containers close', () => {
    expect(exceeds('[[1],[2],[[3]]]', 3)).toBe(false);
    expect(exceeds('[[1],[2],[[[3]]]]', 3)).toBe(true);
  });
});
