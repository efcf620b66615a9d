/**
 * System-prompt leak detection for the output guard: canary tokens (exact proof), word-shingle
 * overlap with the configured system prompt (near-verbatim copies), and an obfuscation-tolerant
 * finder for a known secret such as an access code.
 */
export { CANARY_MAX_MATCH_CHARS, CANARY_PREFIX, createCanary, findCanary, type CanaryMatch } from './canary.js';
export {
  createLeakDetector,
  type LeakDetector,
  type LeakDetectorOptions,
  type LeakStream,
  type LeakVerdict,
} from './detector.js';
export { findObfuscated, type ObfuscatedMatch, type ObfuscatedOptions } from './obfuscated.js';
export { findEncodedSecret, type EncodedMatch } from './encoded.js';
export { secretWordsNear } from './words-near.js';
