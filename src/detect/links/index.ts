/**
 * Link and image detection for the output guard: a model that was injected can be told to emit
 * a markdown image whose URL carries the conversation; the client renders it, and the browser
 * sends the data to the attacker without a click. Streaming contract: hold back at least
 * LINKS_MAX_MATCH_CHARS unreleased characters; no left context is needed.
 */
import { MAX_LABEL_CHARS, MAX_TAG_CHARS, MAX_URL_CHARS } from './find.js';

export { findLinks, type LinkKind, type LinkMatch } from './find.js';
export { exfiltrationRisk, hostAllowed, type Risk, type RiskOptions, type RiskReason } from './exfiltration.js';
export { IMAGE_REMOVED, LINK_REMOVED, stripRiskyLinks, type StripResult } from './strip.js';

/**
 * Longest construct: a markdown link with a nested-bracket label (3 × 500 + 2), a 2 KiB URL in
 * angle brackets, a 200-character title and up to 24 spaces (≈ 3.8 K), or `<a` + attributes
 * (≤ MAX_TAG_CHARS to '>') + inner text (≤ 500) + `</a>` (≈ 3.1 K). A URL longer than the cap is
 * matched truncated (still judged, and the truncated part is long enough to count as data).
 */
export const LINKS_MAX_MATCH_CHARS = Math.max(3 * MAX_LABEL_CHARS + MAX_URL_CHARS + 300, MAX_TAG_CHARS + MAX_LABEL_CHARS + 64);
