import { classify, foldCodePoint } from './fold.js';

/**
 * Incremental word splitter over folded text (NFKC + lower case, invisible characters dropped,
 * punctuation and whitespace as separators). Han, Hiragana and Katakana characters are words of
 * their own, since those scripts do not separate words with spaces. State is one partial word,
 * capped at MAX_WORD_CHARS: memory stays bounded whatever the stream.
 * Known limit: a combining mark that arrives in the next delta is folded without its base letter.
 */
export const MAX_WORD_CHARS = 64;
const IDEOGRAPHIC = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;

export class WordSplitter {
  private partial = '';

  /** Words completed by `delta`, in order. */
  push(delta: string): string[] {
    const words: string[] = [];
    for (const cp of delta) {
      for (const ch of foldCodePoint(cp)) {
        const c = classify(ch);
        if (c === 'invisible') continue;
        if (c === 'word' && IDEOGRAPHIC.test(ch)) {
          this.flushInto(words);
          words.push(ch);
        } else if (c === 'word') {
          if (this.partial.length < MAX_WORD_CHARS) this.partial += ch;
        } else {
          this.flushInto(words);
        }
      }
    }
    return words;
  }

  /** The last, unterminated word, if any (call at end of stream). */
  end(): string[] {
    const words: string[] = [];
    this.flushInto(words);
    return words;
  }

  private flushInto(words: string[]): void {
    if (this.partial !== '') words.push(this.partial);
    this.partial = '';
  }
}

export function splitWords(text: string): string[] {
  const s = new WordSplitter();
  return [...s.push(text), ...s.end()];
}
