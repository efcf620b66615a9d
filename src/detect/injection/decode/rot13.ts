import { markedLines, ROT13_MARKERS } from './stopwords.js';
import type { DecodedCandidate } from './types.js';

/**
 * ROT13 (the Caesar shift models decode reliably). Lines containing ROT13-encoded English
 * function words are decoded when there are at least 3 such words in the text, or at least 1
 * when the text names the cipher. The rules then decide whether the decoded lines are hostile.
 */
const CUE = /\brot[- ]?13\b|\bcaesar\b/;

export function rot13(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) out += String.fromCharCode(((c - 97 + 13) % 26) + 97);
    else if (c >= 65 && c <= 90) out += String.fromCharCode(((c - 65 + 13) % 26) + 65);
    else out += s[i]!;
  }
  return out;
}

export function decodeRot13(folded: string, maxOut: number): DecodedCandidate[] {
  const { count, lines } = markedLines(folded, ROT13_MARKERS);
  if (count < 3 && !(count >= 1 && CUE.test(folded))) return [];
  const out: DecodedCandidate[] = [];
  let budget = maxOut;
  for (const [s, e] of lines) {
    if (budget <= 0) break;
    out.push({ layer: 'rot13', text: rot13(folded.slice(s, e)), start: s, end: e });
    budget -= e - s;
  }
  return out;
}
