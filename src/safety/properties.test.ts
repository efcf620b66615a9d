import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { sanitizeHtml } from './html/sanitize.js';
import { validateShellCommand } from './shell/validate-shell.js';
import { validateSql } from './sql/validate-sql.js';

// Seeded so a failure reproduces; FUZZ_RUNS raises the count as for test/fuzz.
const params = { seed: Number(process.env.FUZZ_SEED ?? 20261203), numRuns: Number(process.env.FUZZ_RUNS ?? 300) };

const SQL_FRAGMENTS = [
  'SELECT', ' * ', ' FROM ', 'users', 'secrets', ' WHERE ', 'id = 1', ';', ' UNION SELECT ', '--', '/*', '*/',
  "'", '"', '`', '$$', ' pg_sleep(1) ', '(', ')', ' WITH x AS ', ' JOIN ', ' ON ', '\\', '\n', 'DROP TABLE t', ',', 'public.',
];
const SHELL_FRAGMENTS = [
  'ls', ' ', '-la', '-R', ';', '&&', '|', '$(', ')', '`', "'", '"', '..', '/', 'src', '\n', '\\', '*', '~',
  '\uff1b', '\u037e', 'FOO=1', '--color=', '-exec', '{}', '#', '!', '\t',
];
const HTML_FRAGMENTS = [
  '<', '>', '</', 'script', 'img', ' src=', 'x', ' onerror=', 'alert(1)', '"', "'", 'a', ' href=', 'javascript:',
  'java&#x09;script:', '&#58;', 'svg', ' onload=', 'iframe', 'style', ' style=', '<!--', '-->', 'math', '/', '=',
  'https://img.example.com/a.png', 'data:text/html,', 'b', 'p', ' ', 'ScRiPt',
];

const built = (fragments: string[]): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...fragments), { maxLength: 24 }).map((parts) => parts.join(''));

describe('safety properties', () => {
  it('validateSql never throws, and accepted SQL names only allowed tables', () => {
    const allowTables = ['users', 'public.users'];
    fc.assert(fc.property(fc.oneof(built(SQL_FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 200 })), (sql) => {
      const verdict = validateSql(sql, { allowStatements: ['select'], allowTables });
      if (verdict.ok) {
        expect(verdict.statement).toBe('select');
        expect(verdict.tables.every((t) => allowTables.includes(t))).toBe(true);
      }
    }), params);
  });

  it('validateShellCommand never throws, and accepted commands hold no shell syntax outside quotes', () => {
    fc.assert(fc.property(fc.oneof(built(SHELL_FRAGMENTS), fc.string({ unit: 'grapheme', maxLength: 100 })), (cmd) => {
      const verdict = validateShellCommand(cmd, { allow: { ls: { flags: ['-l', '-a', '--color'], allowArgs: true } } });
      if (verdict.ok) {
        expect(verdict.argv[0]).toBe('ls');
        expect(cmd).not.toMatch(/[\n\r`\\\uff1b\u037e]|\$\(|\.\./u);
        // Remove quoted spans; what remains must be free of metacharacters.
        expect(cmd.replace(/'[^']*'|"[^"]*"/gu, '')).not.toMatch(/[;&|<>$(){}*?[\]~!#]/u);
      }
    }), params);
  });

  it('sanitizeHtml never emits executable markup, whatever the profile', () => {
    const profiles = ['strict', 'basic', 'rich', { base: 'rich', allowImageHosts: ['img.example.com'] }] as const;
    fc.assert(fc.property(built(HTML_FRAGMENTS), fc.constantFrom(...profiles), (html, profile) => {
      const out = sanitizeHtml(html, profile);
      expect(out).not.toMatch(/<\s*(script|style|iframe|svg|math)\b/iu);
      expect(out).not.toMatch(/<[^>]*\son[a-z]+\s*=/iu);
      expect(out).not.toMatch(/<[^>]*(javascript:|data:)/iu);
      expect(out).not.toMatch(/<[^>]*\sstyle\s*=/iu);
    }), params);
  });
});
