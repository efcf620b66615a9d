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

function isLeetChar(c: number): boolean {
  // 0 1 3 4 5 7 @ $ ! |
  return c === 48 || c === 49 || c === 51 || c === 52 || c === 53 || c === 55 || c === 64 || c === 36 || c === 33 || c === 124;
}

/** Whether text[s, e) is ASCII letters and leet characters only, with at least one of each. */
function isLeetish(text: string, s: number, e: number): boolean {
  let letters = 0;
  let leet = 0;
  for (let k = s; k < e; k++) {
    const c = text.charCodeAt(k);
    if (c >= 97 && c <= 122) letters++;
    else if (isLeetChar(c)) leet++;
    else return false;
  }
  return letters > 0 && leet > 0;
}

/** Neighbour token of a folded one: separated by 1–3 spaces, and leetish. Returns [start, end) or null. */
function nextNeighbour(text: string, from: number): [number, number] | null {
  let s = from;
  while (s < text.length && s - from < 3 && text.charCodeAt(s) === 32) s++;
  if (s === from || s >= text.length || text.charCodeAt(s) === 32) return null;
  let e = s;
  while (e < text.length && isTokenChar(text, e)) e++;
  return e > s && isLeetish(text, s, e) ? [s, e] : null;
}

function prevNeighbour(text: string, to: number, floor: number): [number, number] | null {
  let e = to;
  while (e > floor && to - e < 3 && text.charCodeAt(e - 1) === 32) e--;
  if (e === to || e <= floor || text.charCodeAt(e - 1) === 32) return null;
  let s = e;
  while (s > floor && isTokenChar(text, s - 1)) s--;
  return s < e && isLeetish(text, s, e) ? [s, e] : null;
}

export function foldLeet(input: Mapped, log: TransformLog): Mapped {
  const text = input.text;
  INTERIOR.lastIndex = 0;
  if (!INTERIOR.test(text)) return input;
  INTERIOR.lastIndex = 0;
  const b = new MappedBuilder(text.length);
  let last = 0;
  const fold = (s: number, e: number): void => {
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
  };
  for (const m of text.matchAll(INTERIOR)) {
    if (m.index < last) continue; // inside a token already folded
    let s = m.index;
    while (s > 0 && isTokenChar(text, s - 1)) s--;
    let e = m.index + m[0].length;
    while (e < text.length && isTokenChar(text, e)) e++;
    // Leetish tokens right before this one (not already emitted), outermost first.
    const before: [number, number][] = [];
    for (let p = prevNeighbour(text, s, last); p !== null && before.length < 16; p = prevNeighbour(text, p[0], last)) before.push(p);
    for (let k = before.length - 1; k >= 0; k--) fold(before[k]![0], before[k]![1]);
    fold(s, e);
    // Leetish tokens right after it; the chain stops at a plain word, a number or punctuation.
    for (let n = nextNeighbour(text, last); n !== null; n = nextNeighbour(text, last)) fold(n[0], n[1]);
  }
  b.copy(text, last, text.length);
  return b.finish(input);
}
