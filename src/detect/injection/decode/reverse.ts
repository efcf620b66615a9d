import { markedLines, REVERSED_MARKERS } from './stopwords.js';
import type { DecodedCandidate } from './types.js';

/**
 * Reversed text ("snoitcurtsni suoiverp erongi"). Lines containing reversed English function
 * words are un-reversed when there are at least 3 such words, or at least 1 when the text asks for
 * reversal ("backwards", "reversed").
 */
const CUE = /\brevers(?:e|ed|ing)\b|\bbackwards?\b|\bright[- ]to[- ]left\b/;

export function reverseText(s: string): string {
  return Array.from(s).reverse().join('');
}

export function decodeReversed(folded: string, maxOut: number): DecodedCandidate[] {
  const { count, lines } = markedLines(folded, REVERSED_MARKERS);
  if (count < 3 && !(count >= 1 && CUE.test(folded))) return [];
  const out: DecodedCandidate[] = [];
  let budget = maxOut;
  for (const [s, e] of lines) {
    if (budget <= 0) break;
    out.push({ layer: 'reversed', text: reverseText(folded.slice(s, e)), start: s, end: e });
    budget -= e - s;
  }
  return out;
}
