import { refuse } from '../verdict.js';
import type { Refusal } from '../verdict.js';
import type { ShellRefusalCode } from './types.js';

/**
 * A strict subset of POSIX shell word syntax. Anything a shell would interpret — operators,
 * redirections, expansions, globbing, escapes, history — is refused rather than tokenized,
 * so the resulting argv means the same thing whether or not a shell ever sees it.
 *
 * Grammar:  command = word { (" " | "\t") word }
 *           word    = 1*( plain | 'single' | "double" )      (adjacent parts join, as in sh)
 * Inside 'single' quotes every printable character is literal; inside "double" quotes
 * `$`, `` ` ``, `\` and `!` are refused because shells expand them there.
 */
export interface Word {
  readonly value: string;
  /** True when any part was quoted: `'FOO=1'` is an argument, not an assignment. */
  readonly quoted: boolean;
}

/** Outside quotes (POSIX "Token Recognition" plus bash's `!`, `{ }` and `~`). */
const METACHARACTERS = new Set([';', '&', '|', '>', '<', '$', '(', ')', '`', '{', '}', '*', '?', '[', ']', '~', '!', '\\', '#', '%', '^']);
/** Characters that stay special inside double quotes. */
const DOUBLE_QUOTE_SPECIAL = new Set(['$', '`', '\\', '!']);

/** Control characters (newline!), line/paragraph separators, bidi and zero-width format characters. */
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}]/u;

export function tokenize(cmd: string): Word[] | Refusal<ShellRefusalCode> {
  const words: Word[] = [];
  let current = '';
  let quoted = false;
  let inWord = false;
  let i = 0;

  const finish = (): void => {
    if (inWord) words.push({ value: current, quoted });
    current = '';
    quoted = false;
    inWord = false;
  };

  while (i < cmd.length) {
    const ch = cmd[i]!;
    if (ch === ' ' || ch === '\t') {
      finish();
      i++;
      continue;
    }
    if (CONTROL.test(ch)) return refuse('shell_control_character', `control character U+${hex(ch)} is not allowed`);
    if (ch === "'" || ch === '"') {
      const close = cmd.indexOf(ch, i + 1);
      if (close < 0) return refuse('shell_unterminated_quote', `unterminated ${ch === "'" ? 'single' : 'double'} quote`);
      const body = cmd.slice(i + 1, close);
      for (const c of body) {
        if (CONTROL.test(c)) return refuse('shell_control_character', `control character U+${hex(c)} is not allowed`);
        if (ch === '"' && DOUBLE_QUOTE_SPECIAL.has(c)) return refuse('shell_expansion', `"${c}" inside double quotes is expanded by shells`);
        if (isLookalike(c)) return refuse('shell_lookalike_character', `U+${hex(c)} looks like a shell character`);
      }
      current += body;
      quoted = true;
      inWord = true;
      i = close + 1;
      continue;
    }
    if (METACHARACTERS.has(ch)) return refuse('shell_metacharacter', `"${ch}" is a shell metacharacter`);
    // Outside quotes only printable ASCII: a fullwidth ； or Greek question mark ; (which NFKC
    // turns into ";") must never reach something that normalizes before it parses.
    if (ch > '~') return refuse('shell_lookalike_character', `non-ASCII character U+${hex(ch)} outside quotes`);
    current += ch;
    inWord = true;
    i++;
  }
  finish();
  return words;
}

/** Non-ASCII characters whose compatibility form contains a quote, backslash or metacharacter. */
function isLookalike(c: string): boolean {
  if (c <= '~') return false;
  const folded = c.normalize('NFKC');
  for (const f of folded) {
    if (METACHARACTERS.has(f) || f === "'" || f === '"') return true;
  }
  return false;
}

function hex(ch: string): string {
  return (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}
