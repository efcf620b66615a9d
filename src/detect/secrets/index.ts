/**
 * Secret detection for the output guard. Streaming contract: a caller scanning a sliding window
 * must hold back at least SECRETS_MAX_MATCH_CHARS unreleased characters (no match is longer), and
 * should prepend up to SECRETS_CONTEXT_CHARS of already-released text to the window, because two
 * rules (AWS secret near its key id, Azure SAS signature after `sv=`) look at their surroundings.
 * secretsHoldBackStart(window) gives a tighter, adaptive hold-back (384 characters unless a PEM
 * block or a JWT is open at the end of the window), which keeps streaming responsive.
 */
import { CONTEXT_LOOKBACK_CHARS } from './rules.js';
import { PEM_MAX_CHARS } from './pem.js';

export { findSecrets, type SecretMatch } from './find.js';
export { redactSecrets, type Redaction } from './redact.js';
export type { SecretRule } from './rules.js';
export type { Span } from './span.js';
export { SECRETS_SHORT_HOLD_CHARS, secretsHoldBackStart } from './hold-back.js';

/**
 * Longest possible match: a PEM block is capped at PEM_MAX_CHARS (8 KiB, which holds an RSA-4096
 * key); every other rule is shorter (JWT ≤ 6 KiB). The extra characters cover look-arounds.
 */
export const SECRETS_MAX_MATCH_CHARS = PEM_MAX_CHARS + 16;
/** Already-released text to keep in front of the window for context-dependent rules. */
export const SECRETS_CONTEXT_CHARS = CONTEXT_LOOKBACK_CHARS + 64;
