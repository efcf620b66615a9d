import { type Mapped, MappedBuilder } from './mapped.js';
import type { TransformLog } from './transforms.js';

/**
 * NFKC folds compatibility forms to their plain letters: fullwidth "ｉｇｎｏｒｅ", mathematical
 * alphanumerics "𝐢𝐠𝐧𝐨𝐫𝐞", circled/parenthesized letters, ligatures (ﬁ), superscripts. It is applied
 * per cluster (a base code point plus its combining marks) so each output unit keeps a pointer to
 * the cluster it came from; whole-string NFKC would lose the offset map.
 */
const MARK = /\p{M}/u;
// eslint-disable-next-line no-control-regex -- the whole non-ASCII range, by definition
const NON_ASCII = /[^\x00-\x7F]/;

// U+0080–U+02FF characters that NFKC leaves alone on their own (most Latin-1 and Latin Extended
// letters; not NBSP, superscripts, fractions, ligature-like or spacing-modifier forms).
const STABLE = new Uint8Array(0x300);
for (let c = 0x80; c < 0x300; c++) if (String.fromCharCode(c).normalize('NFKC') === String.fromCharCode(c)) STABLE[c] = 1;

export function nfkc(input: Mapped, log: TransformLog): Mapped {
  const text = input.text;
  // Pure ASCII is already NFKC; the regex pre-check is far cheaper than normalizing.
  if (!NON_ASCII.test(text) || text.normalize('NFKC') === text) return input;
  const b = new MappedBuilder(text.length);
  let i = 0;
  while (i < text.length) {
    // ASCII is NFKC already: copy runs of it in one go, keeping the last character back when a
    // non-ASCII character follows (it may be a combining mark that belongs to it).
    let j = i;
    while (j < text.length && (text.charCodeAt(j) < 0x80 || (text.charCodeAt(j) < 0x300 && STABLE[text.charCodeAt(j)] === 1))) j++;
    if (j < text.length && j > i) j--;
    if (j > i) {
      b.copy(text, i, j);
      i = j;
      continue;
    }
    const start = i;
    i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    while (i < text.length && isMark(text, i)) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
    const cluster = text.slice(start, i);
    const folded = cluster.normalize('NFKC');
    if (folded !== cluster) log.record('nfkc', input.offsets[start]!, input.offsets[i]!);
    b.push(folded, start);
  }
  return b.finish(input);
}

function isMark(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x300) return false; // nothing below U+0300 is a combining mark
  const w = text.codePointAt(i)! > 0xffff ? 2 : 1;
  return MARK.test(text.slice(i, i + w));
}
