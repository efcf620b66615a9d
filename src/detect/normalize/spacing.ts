import { type Mapped, MappedBuilder } from './mapped.js';
import type { TransformLog } from './transforms.js';

/**
 * Joins spaced-out or dotted letters ("i g n o r e", "i.g.n.o.r.e", "i-g-n-o-r-e") that a model
 * reads as a word. Needs at least four single letters with the same separator, so "e.g." and
 * "U.S.A." stay as they are. A hand-written scan (no regex): one pass, linear on hostile input.
 */
const SEPARATORS = ' .-_*|/+~,';
const IS_SEPARATOR: readonly boolean[] = Array.from({ length: 128 }, (_, c) => SEPARATORS.includes(String.fromCharCode(c)));
const LETTER = /\p{L}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isLetter(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  if (c >= 0xd800 && c <= 0xdfff) return false; // astral letters are not joined
  return LETTER.test(text[i]!);
}

function isWordChar(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  return LETTER_OR_DIGIT.test(text[i]!);
}

/**
 * A word gap between two space-separated runs: only spaces (at least two, since one space would
 * have continued the run), possibly around one-letter words ("i   a m"), at most MAX_GAP long.
 * Text written as "i g n o r e   a l l   p r e v i o u s" has short words ("a l l") that are under
 * the four-letter minimum on their own; they are joined when such a gap links them to a long run.
 */
const MAX_GAP = 12;

function isWordGap(text: string, from: number, to: number): boolean {
  if (to - from < 2 || to - from > MAX_GAP) return false;
  for (let k = from; k < to; k++) {
    if (text.charCodeAt(k) === 32) continue;
    // A one-letter word: a letter with a space on both sides, not at the gap's edges.
    if (k === from || k === to - 1 || !isLetter(text, k) || text.charCodeAt(k - 1) !== 32 || text.charCodeAt(k + 1) !== 32) return false;
  }
  return true;
}

export function joinSpacedLetters(input: Mapped, log: TransformLog): Mapped {
  const text = input.text;
  // Output state in one object: the join() closure writes it (a captured `let` would be narrowed
  // to null by the type checker after the loop).
  const out: { b: MappedBuilder | null; last: number } = { b: null, last: 0 };
  let i = 0;
  // End of the last joined space-separated run (-1: none), and short space-separated runs (start,
  // end pairs) waiting for a long run after them, chained by word gaps.
  let joinedEnd = -1;
  const pending: number[] = [];
  const join = (s: number, e: number): void => {
    const b = (out.b ??= new MappedBuilder(text.length));
    b.copy(text, out.last, s);
    for (let k = s; k < e; k += 2) b.push(text[k]!, k);
    log.record('spacing', input.offsets[s]!, input.offsets[e]!);
    out.last = e;
  };
  while (i < text.length - 2) {
    const sep = text.charCodeAt(i + 1);
    if (!IS_SEPARATOR[sep] || !isLetter(text, i) || isWordChar(text, i - 1) || !isLetter(text, i + 2)) {
      i++;
      continue;
    }
    // Extend: letter (sep letter)* while the separator stays the same.
    let end = i + 1; // exclusive end of the run
    let letters = 1;
    while (end + 1 < text.length && text.charCodeAt(end) === sep && isLetter(text, end + 1)) {
      end += 2;
      letters++;
    }
    // A run that ends inside a word ("i g n o r e all"): the last letter starts that word.
    if (isWordChar(text, end)) {
      end -= 2;
      letters--;
    }
    const spaced = sep === 32;
    if (letters >= 4) {
      if (spaced && pending.length > 0 && isWordGap(text, pending[pending.length - 1]!, i)) {
        for (let k = 0; k < pending.length; k += 2) join(pending[k]!, pending[k + 1]!);
      }
      pending.length = 0;
      join(i, end);
      joinedEnd = spaced ? end : -1;
    } else if (letters >= 2 && spaced) {
      if (joinedEnd >= 0 && isWordGap(text, joinedEnd, i)) {
        join(i, end);
        joinedEnd = end;
      } else {
        if (pending.length > 0 && !isWordGap(text, pending[pending.length - 1]!, i)) pending.length = 0;
        pending.push(i, end);
        joinedEnd = -1;
      }
    }
    i = Math.max(end, i + 1);
  }
  if (out.b === null) return input;
  out.b.copy(text, out.last, text.length);
  return out.b.finish(input);
}
