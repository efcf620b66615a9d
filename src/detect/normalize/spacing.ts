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

export function joinSpacedLetters(input: Mapped, log: TransformLog): Mapped {
  const text = input.text;
  let b: MappedBuilder | null = null;
  let last = 0;
  let i = 0;
  while (i < text.length - 6) {
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
    if (letters < 4) {
      i = end;
      continue;
    }
    b ??= new MappedBuilder(text.length);
    b.copy(text, last, i);
    for (let k = i; k < end; k += 2) b.push(text[k]!, k);
    log.record('spacing', input.offsets[i]!, input.offsets[end]!);
    last = end;
    i = end;
  }
  if (b === null) return input;
  b.copy(text, last, text.length);
  return b.finish(input);
}
