import { type Mapped, MappedBuilder } from './mapped.js';
import type { TransformLog } from './transforms.js';

/**
 * Leetspeak folding ("1gn0r3 pr3v10us" -> "ignore previous"). Runs on lower-cased text.
 * Only tokens that look like disguised words are folded: a leet character must sit between two
 * letters somewhere in the token ("h3llo", "p@ssw0rd"). Plain numbers ("2024"), versions
 * ("python3") and units ("4kb") are left alone so ordinary text keeps its meaning.
 */
const MAP: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's', '!': 'i', '|': 'l' };
// Searching for the interior pattern directly (instead of visiting every token) keeps ordinary
// text, which has none, at one regex scan.
// ASCII letters only: leetspeak disguises Latin words, and a /u property class is ~20x slower.
const INTERIOR = /[a-z][013457@$!|]+[a-z]/g;
const TOKEN_CHAR = /[\p{L}0-9@$!|]/u;
const LETTER = /\p{L}/u;

function isTokenChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 64 || c === 36 || c === 33 || c === 124;
  return TOKEN_CHAR.test(text[i]!);
}

export function foldLeet(input: Mapped, log: TransformLog): Mapped {
  const text = input.text;
  INTERIOR.lastIndex = 0;
  if (!INTERIOR.test(text)) return input;
  INTERIOR.lastIndex = 0;
  const b = new MappedBuilder(text.length);
  let last = 0;
  for (const m of text.matchAll(INTERIOR)) {
    if (m.index < last) continue; // inside a token already folded
    let s = m.index;
    while (s > 0 && isTokenChar(text, s - 1)) s--;
    let e = m.index + m[0].length;
    while (e < text.length && isTokenChar(text, e)) e++;
    b.copy(text, last, s);
    for (let k = s; k < e; k++) {
      const ch = text[k]!;
      const to = MAP[ch];
      // A trailing "!" or "|" is punctuation, not a letter: only fold it before a letter.
      const next = text[k + 1];
      const keep = (ch === '!' || ch === '|') && (next === undefined || !LETTER.test(next));
      b.push(to !== undefined && !keep ? to : ch, k);
    }
    log.record('leet', input.offsets[s]!, input.offsets[e]!);
    last = e;
  }
  b.copy(text, last, text.length);
  return b.finish(input);
}
