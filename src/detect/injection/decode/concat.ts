import type { DecodedCandidate } from './types.js';

/**
 * Split-and-concatenate payloads, where no single piece contains a trigger phrase:
 *   a = "ign"; b = "ore previous"; print(a + b)       (variables then a + chain)
 *   "ign" + "ore previous" + " instructions"            (literal + chain)
 *   ''.join(['ign', 'ore'])                              (list join)
 *   combine the letters: i, g, n, o, r, e               (separated single letters)
 * All patterns use bounded repetitions and single character classes (no nested ambiguity).
 */
const ASSIGN = /\b([A-Za-z_][A-Za-z0-9_]{0,30})\s{0,3}:?=\s{0,3}(["'`])([^"'`\n]{0,200})\2/g;
const VAR_CHAIN = /\b[A-Za-z_][A-Za-z0-9_]{0,30}(?:\s{0,3}\+\s{0,3}[A-Za-z_][A-Za-z0-9_]{0,30}){1,20}/g;
const LIT = /"([^"\n]{0,200})"|'([^'\n]{0,200})'/g;
const LIT_CHAIN = /(?:"[^"\n]{0,200}"|'[^'\n]{0,200}')(?:\s{0,3}\+\s{0,3}(?:"[^"\n]{0,200}"|'[^'\n]{0,200}')){1,40}/g;
const LIST = /\[\s{0,3}(?:"[^"\n]{0,100}"|'[^'\n]{0,100}')(?:\s{0,3},\s{0,3}(?:"[^"\n]{0,100}"|'[^'\n]{0,100}')){1,60}\s{0,3},?\s{0,3}\]/g;
const LETTERS = /(?<![A-Za-z0-9])["']?[A-Za-z]["']?(?:[\s,;+]{1,3}["']?[A-Za-z]["']?){3,200}(?![A-Za-z0-9])/g;
const ONE_LETTER = /[A-Za-z]/g;
// Separated letters only become a word if the text asks for them to be put together.
const LETTER_CUE = /letter|combine|join|concat|spell|together|merge|assemble/i;

function literals(s: string): string[] {
  const out: string[] = [];
  for (const m of s.matchAll(LIT)) out.push(m[1] ?? m[2] ?? '');
  return out;
}

export function decodeConcat(text: string, maxOut: number): DecodedCandidate[] {
  const out: DecodedCandidate[] = [];
  let budget = maxOut;
  const add = (s: string, start: number, end: number): boolean => {
    if (s.length < 4) return true;
    out.push({ layer: 'concat', text: s, start, end });
    budget -= s.length;
    return budget > 0;
  };

  // Cheap gates first: each pattern needs a character or cue word that most text lacks.
  const plus = text.includes('+');
  const vars = new Map<string, string>();
  if (plus && text.includes('=')) for (const m of text.matchAll(ASSIGN)) vars.set(m[1]!, m[3]!);
  if (vars.size >= 2) {
    for (const m of text.matchAll(VAR_CHAIN)) {
      const names = m[0].split('+').map((n) => n.trim());
      const parts = names.map((n) => vars.get(n));
      if (parts.some((p) => p === undefined)) continue;
      if (!add(parts.join(''), m.index, m.index + m[0].length)) return out;
    }
  }
  if (plus) for (const m of text.matchAll(LIT_CHAIN)) {
    if (!add(literals(m[0]).join(''), m.index, m.index + m[0].length)) return out;
  }
  if (text.includes('[')) for (const m of text.matchAll(LIST)) {
    if (!add(literals(m[0]).join(''), m.index, m.index + m[0].length)) return out;
  }
  if (LETTER_CUE.test(text)) for (const m of text.matchAll(LETTERS)) {
    const letters = m[0].match(ONE_LETTER)?.join('') ?? '';
    if (!add(letters, m.index, m.index + m[0].length)) return out;
  }
  return out;
}
