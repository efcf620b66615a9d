/**
 * PII detection for the output guard. Streaming contract: hold back at least PII_MAX_MATCH_CHARS
 * unreleased characters, and keep PII_CONTEXT_CHARS of released text in front of the window (the
 * German tax id needs its keyword, which comes before the number).
 */
import { EMAIL_MAX_CHARS } from './email.js';
import { STEUER_ID_CONTEXT_CHARS } from './national.js';

export { ALL_PII_KINDS, findPii, type PiiKind, type PiiMatch } from './find.js';
export { redactPii, type PiiRedaction } from './redact.js';
export { luhnValid } from './luhn.js';
export { ibanChecksumValid } from './iban.js';

/** The email bound (601) dominates: cards ≤ 37, IBANs ≤ 42, phones ≤ 40 characters. */
export const PII_MAX_MATCH_CHARS = EMAIL_MAX_CHARS + 8;
export const PII_CONTEXT_CHARS = STEUER_ID_CONTEXT_CHARS + 4;
