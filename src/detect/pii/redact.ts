import { replaceSpans } from '../secrets/span.js';
import { ALL_PII_KINDS, type PiiKind, findPii } from './find.js';

export interface PiiRedaction {
  readonly text: string;
  readonly count: number;
  /** Distinct kinds found, first-seen order; safe to log. */
  readonly kinds: PiiKind[];
}

/** Replaces each PII match with `[REDACTED:<kind>]`. */
export function redactPii(text: string, kinds: readonly PiiKind[] = ALL_PII_KINDS): PiiRedaction {
  const matches = findPii(text, kinds);
  return {
    text: replaceSpans(text, matches, (m) => `[REDACTED:${m.kind}]`),
    count: matches.length,
    kinds: [...new Set(matches.map((m) => m.kind))],
  };
}
