import { findSecrets } from './find.js';
import { replaceSpans } from './span.js';

export interface Redaction {
  readonly text: string;
  readonly count: number;
  /** Distinct rule ids, in first-seen order: safe to log and to put in the audit event. */
  readonly rules: string[];
}

/** Replaces every secret with `[REDACTED:<rule>]`. */
export function redactSecrets(text: string): Redaction {
  const matches = findSecrets(text);
  return {
    text: replaceSpans(text, matches, (m) => `[REDACTED:${m.rule}]`),
    count: matches.length,
    rules: [...new Set(matches.map((m) => m.rule))],
  };
}
