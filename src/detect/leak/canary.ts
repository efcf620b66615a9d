import { randomInt } from 'node:crypto';
import { findObfuscated } from './obfuscated.js';

/**
 * Canary tokens: a fresh random marker placed in the system prompt. A model that leaks its
 * prompt tends to copy such a token verbatim; a token with ~119 bits of randomness never occurs
 * naturally, so finding it is proof of a leak with no false positives to tune.
 */
export const CANARY_PREFIX = 'pcl-canary-';
export const CANARY_RANDOM_CHARS = 20;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Separators tolerated between two canary characters (see findCanary). With the prefix that is
 * at most (11 + 20) × (1 + 3) characters, plus a margin for multi-unit characters.
 */
export const CANARY_MAX_GAP = 3;
export const CANARY_MAX_MATCH_CHARS = (CANARY_PREFIX.length + CANARY_RANDOM_CHARS) * (2 + CANARY_MAX_GAP);

export function createCanary(): string {
  let r = '';
  // randomInt is uniform (rejection sampling), unlike bytes % 62.
  for (let i = 0; i < CANARY_RANDOM_CHARS; i++) r += BASE62[randomInt(62)]!;
  return CANARY_PREFIX + r;
}

export interface CanaryMatch {
  readonly start: number;
  readonly end: number;
  readonly reversed: boolean;
}

/**
 * Where `canary` appears in `text`, tolerant to case, fullwidth forms, zero-width characters and
 * up to three spaces/punctuation marks between characters ("P C L - c a n a r y …"), also
 * backwards. Only the random part is required, so dropping or mangling the prefix does not hide
 * it; case-folding leaves 36^20 ≈ 2^103 possibilities, still far from any accidental match.
 */
export function findCanary(text: string, canary: string): CanaryMatch[] {
  const random = canary.startsWith(CANARY_PREFIX) ? canary.slice(CANARY_PREFIX.length) : canary;
  return findObfuscated(text, random, { maxGap: CANARY_MAX_GAP, reversed: true });
}
