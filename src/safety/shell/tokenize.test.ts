import { describe, it, expect } from 'vitest';
import { tokenize } from './tokenize.js';

const values = (cmd: string): string[] | string => {
  const r = tokenize(cmd);
  return Array.isArray(r) ? r.map((w) => w.value) : r.code;
};

describe('tokenize', () => {
  it('splits on spaces and tabs, collapsing runs', () => {
    expect(values('ls  -la\tsrc ')).toEqual(['ls', '-la', 'src']);
  });
  it('joins adjacent quoted and plain parts into one word, as sh does', () => {
    expect(values(`grep "a b"'c d'e file`)).toEqual(['grep', 'a bc de', 'file']);
  });
  it('keeps empty quoted words', () => {
    expect(values(`echo '' x`)).toEqual(['echo', '', 'x']);
  });
  it('keeps metacharacters literal inside single quotes', () => {
    expect(values(`grep 'a|b;c$d' f`)).toEqual(['grep', 'a|b;c$d', 'f']);
  });
  it('refuses expansions inside double quotes', () => {
    expect(values('echo "$HOME"')).toBe('shell_expansion');
    expect(values('echo "`id`"')).toBe('shell_expansion');
    expect(values('echo "a\\"b"')).toBe('shell_expansion');
    expect(values('echo "hi!"')).toBe('shell_expansion');
  });
  it('refuses unterminated quotes', () => {
    expect(values(`echo 'abc`)).toBe('shell_unterminated_quote');
  });
  it('refuses newlines and other control characters, quoted or not', () => {
    expect(values('ls\nrm -rf /')).toBe('shell_control_character');
    expect(values("echo 'a\nb'")).toBe('shell_control_character');
    expect(values('ls\u200b-la')).toBe('shell_control_character');
    expect(values('ls \u202e')).toBe('shell_control_character');
  });
  it('refuses non-ASCII outside quotes and lookalikes of metacharacters inside', () => {
    expect(values('ls \uff1b rm')).toBe('shell_lookalike_character');
    expect(values("echo '\u037e'")).toBe('shell_lookalike_character');
    expect(values("echo 'caf\u00e9'")).toEqual(['echo', 'caf\u00e9']);
  });
});
