import { classify, foldCodePoint, foldedCore } from './fold.js';

export interface ObfuscatedMatch {
  readonly start: number;
  readonly end: number;
  /** True when the secret was found written backwards. */
  readonly reversed: boolean;
}

export interface ObfuscatedOptions {
  /**
   * Separator characters (whitespace, punctuation, symbols) allowed between two letters of the
   * secret: "s e c r e t", "s-e-c-r-e-t", "S.E.C.R.E.T". Invisible format characters never count.
   */
  readonly maxGap?: number;
  /** Also look for the secret written backwards (only secrets of 4+ letters: "ans" is in "answer"). */
  readonly reversed?: boolean;
}

/**
 * Below this many letters/digits a secret is matched only as a whole word: "sna" or "7" occur
 * inside ordinary words and numbers all the time.
 */
export const MIN_SUBWORD_CHARS = 4;
const WORD_CHAR = /[\p{L}\p{N}]/u;

const BREAK = '\u0000';

/**
 * Finds `secret` in `text` tolerant to case, compatibility forms, invisible characters and up to
 * `maxGap` separators between consecutive letters. The text is folded once into its letters
 * (with a break wherever a gap is too long or a non-letter symbol intervenes), then searched with
 * indexOf: linear in the text for a fixed secret.
 */
export function findObfuscated(text: string, secret: string, options: ObfuscatedOptions = {}): ObfuscatedMatch[] {
  const core = foldedCore(secret);
  if (core === '') return [];
  const maxGap = options.maxGap ?? 3;
  let folded = '';
  const starts: number[] = []; // original offset of each folded char's code point
  const ends: number[] = [];
  let gap = 0;
  let i = 0;
  for (const cp of text) {
    const next = i + cp.length;
    for (const ch of foldCodePoint(cp)) {
      const c = classify(ch);
      if (c === 'word') {
        if (gap > maxGap) pushBreak();
        folded += ch;
        starts.push(i);
        ends.push(next);
        gap = 0;
      } else if (c === 'separator') {
        gap++;
      } else if (c === 'other') {
        gap = maxGap + 1;
      }
    }
    i = next;
  }
  function pushBreak(): void {
    folded += BREAK;
    starts.push(i);
    ends.push(i);
  }
  const out: ObfuscatedMatch[] = [];
  const wholeWord = Array.from(core).length < MIN_SUBWORD_CHARS;
  const search = (needle: string, reversed: boolean): void => {
    let from = 0;
    for (;;) {
      const at = folded.indexOf(needle, from);
      if (at < 0) return;
      const start = starts[at]!;
      const end = ends[at + needle.length - 1]!;
      const bounded = !WORD_CHAR.test(text.charAt(start - 1)) && !WORD_CHAR.test(text.charAt(end));
      if (!wholeWord || bounded) out.push({ start, end, reversed });
      from = at + needle.length;
    }
  };
  search(core, false);
  if (options.reversed === true && !wholeWord) {
    const rev = Array.from(core).reverse().join('');
    if (rev !== core) search(rev, true);
  }
  return out.sort((a, b) => a.start - b.start);
}
