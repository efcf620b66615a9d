import { describe, expect, it } from 'vitest';
import { AllowListError, isAllowed, parseAllowList } from './allowlist.js';
import { globToRegExp } from './glob.js';

describe('globToRegExp', () => {
  it.each([
    ['test/fixtures/**', 'test/fixtures/a/b.env', true],
    ['test/fixtures/**', 'src/test/fixtures/a.env', false],
    ['**/fixtures/**', 'src/test/fixtures/a.env', true],
    ['docs/*.md', 'docs/scan.md', true],
    ['docs/*.md', 'docs/sub/scan.md', false],
    ['*.env.example', 'a/b/.env.example', true], // like gitignore, `*` may match nothing
    ['*.example', 'a/b/.env.example', true],
    ['.env.?', 'deploy/.env.1', true],
    ['image.tar!**/app/*.js', 'image.tar!abc/layer.tar!app/main.js', true],
    ['./src/**', 'src/x.ts', true],
  ])('%s vs %s → %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});

describe('parseAllowList', () => {
  const list = parseAllowList(
    ['# known false positives', 'fingerprint 0123456789abcdef01234567  # docs key', 'path test/fixtures/**', 'path docs/*.md jwt,password-assignment', ''].join('\n'),
  );

  it('allows by fingerprint anywhere', () => {
    expect(isAllowed(list, { rule: 'openai-key', path: 'src/a.ts', fingerprint: '0123456789abcdef01234567' })).toBe(true);
    expect(isAllowed(list, { rule: 'openai-key', path: 'src/a.ts', fingerprint: 'ffffffffffffffffffffffff' })).toBe(false);
  });

  it('allows by path, for every rule or the listed ones', () => {
    expect(isAllowed(list, { rule: 'aws-secret-key', path: 'test/fixtures/creds', fingerprint: 'f'.repeat(24) })).toBe(true);
    expect(isAllowed(list, { rule: 'jwt', path: 'docs/auth.md', fingerprint: 'f'.repeat(24) })).toBe(true);
    expect(isAllowed(list, { rule: 'openai-key', path: 'docs/auth.md', fingerprint: 'f'.repeat(24) })).toBe(false);
  });

  it('rejects malformed lines with their line number', () => {
    expect(() => parseAllowList('fingerprint sk-not-a-fingerprint', 'a.txt')).toThrow(/a\.txt:1: a fingerprint is 24/);
    expect(() => parseAllowList('\npath docs/** no-such-rule', 'a.txt')).toThrow(/a\.txt:2: unknown rule "no-such-rule"/);
    expect(() => parseAllowList('ignore everything')).toThrow(AllowListError);
    expect(() => parseAllowList('path')).toThrow(AllowListError);
  });
});
