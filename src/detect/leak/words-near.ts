import { splitWords } from './words.js';

/**
 * True when every word of a multi-word secret appears, as a whole folded word, within
 * `windowWords` consecutive output words: "The password is cochrane … the seekrit is radiation"
 * leaks "syllabus radiation" piece by piece. For a one-word secret this is a whole-word,
 * case-insensitive search. Linear: one pass, remembering the last position of each needed word.
 */
export function secretWordsNear(text: string, secret: string, windowWords = 40): boolean {
  const need = new Set(splitWords(secret));
  if (need.size === 0) return false;
  const last = new Map<string, number>();
  let i = 0;
  for (const w of splitWords(text)) {
    if (need.has(w)) {
      last.set(w, i);
      if (last.size === need.size && [...last.values()].every((p) => p > i - windowWords)) return true;
    }
    i++;
  }
  return false;
}
