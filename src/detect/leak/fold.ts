/**
 * Character folding shared by the leak detectors: NFKC (fullwidth "ｓｅｃｒｅｔ", ligatures and
 * other compatibility forms become plain letters) then lower case, one code point at a time so
 * every folded character keeps the offset of the original code point it came from.
 */
export type CharClass = 'word' | 'separator' | 'other';

// Format characters (zero-width space/joiners, bidi controls, soft hyphen) are invisible: a model
// or an attacker can put them between letters without changing what a reader sees.
const INVISIBLE = /^\p{Cf}$/u;
const WORD = /^[\p{L}\p{N}\p{M}]$/u;
const SEPARATOR = /^[\s\p{P}\p{S}]$/u;

// ASCII fast path: NFKC is the identity on ASCII, and most model output is ASCII; the Unicode
// property regexes and normalize() cost ~10× more per character.
export function foldCodePoint(cp: string): string {
  const c = cp.charCodeAt(0);
  if (cp.length === 1 && c < 0x80) return c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : cp;
  return cp.normalize('NFKC').toLowerCase();
}

export function classify(ch: string): CharClass | 'invisible' {
  const c = ch.charCodeAt(0);
  if (ch.length === 1 && c < 0x80) {
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return 'word';
    return c > 32 && c < 127 ? 'separator' : c === 32 || (c >= 9 && c <= 13) ? 'separator' : 'other';
  }
  if (INVISIBLE.test(ch)) return 'invisible';
  if (WORD.test(ch)) return 'word';
  if (SEPARATOR.test(ch)) return 'separator';
  return 'other';
}

/** Letters and digits of `s`, folded: the part of a secret that survives re-formatting. */
export function foldedCore(s: string): string {
  let out = '';
  for (const cp of s) {
    for (const ch of foldCodePoint(cp)) if (classify(ch) === 'word') out += ch;
  }
  return out;
}
