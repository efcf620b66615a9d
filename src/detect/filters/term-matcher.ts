import { foldText, toOriginalSpan, type Normalized } from '../normalize/index.js';

/**
 * Matches a fixed list of terms on normalized text at word boundaries, so "class" does not hit
 * "ass" and "sh1t" / "ѕhit" / "s h i t" hit "shit". Terms are folded with the same normalizer as
 * the text. All terms go into one alternation of literals (no quantifiers, so no backtracking
 * blow-up); word boundaries are checked by hand around each match. Terms containing CJK, kana or
 * Hangul skip the boundary check because those scripts do not separate words with spaces.
 */
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const NO_SPACES_SCRIPT = /[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF]/;

export interface TermMatch {
  /** Index into the terms given to the matcher. */
  readonly term: number;
  /** Offsets in the ORIGINAL text. */
  readonly start: number;
  readonly end: number;
}

export interface TermMatcher {
  match(n: Normalized, limit: number): TermMatch[];
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function isWordChar(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  return WORD_CHAR.test(s[i]!);
}

export function compileTerms(terms: readonly string[]): TermMatcher {
  const folded = terms.map((t) => foldText(t).trim());
  const index = new Map<string, number>();
  folded.forEach((f, i) => {
    if (f !== '' && !index.has(f)) index.set(f, i);
  });
  if (index.size === 0) return { match: () => [] };
  const alternatives = [...index.keys()].sort((a, b) => b.length - a.length).map(escape);
  const re = new RegExp(alternatives.join('|'), 'g');
  return {
    match(n, limit) {
      const text = n.folded.text;
      const out: TermMatch[] = [];
      for (const m of text.matchAll(re)) {
        const end = m.index + m[0].length;
        const cjk = NO_SPACES_SCRIPT.test(m[0]);
        if (!cjk && (isWordChar(text, m.index - 1) || isWordChar(text, end))) continue;
        const span = toOriginalSpan(n.folded, m.index, end);
        out.push({ term: index.get(m[0])!, start: span.start, end: span.end });
        if (out.length >= limit) break;
      }
      return out;
    },
  };
}
