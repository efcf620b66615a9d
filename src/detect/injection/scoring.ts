import type { InjectionCategory, Thresholds } from './evidence.js';

/**
 * A strong rule hit (see rules/types.ts) lifts its category's score to at least STRONG_FLOOR.
 * Thresholds are capped at MAX_THRESHOLD (< STRONG_FLOOR) by the training script, so a strong
 * hit is always flagged at the default thresholds.
 */
export const STRONG_FLOOR = 0.999;
export const MAX_THRESHOLD = 0.99;

/**
 * The category whose score clears its threshold by the larger relative margin, or benign.
 * Relative margin = how far into the (threshold, 1] interval the score is, so two categories
 * with very different thresholds compare fairly.
 */
export function categorize(scores: { readonly injection: number; readonly jailbreak: number }, t: Thresholds): InjectionCategory {
  const mi = scores.injection >= t.injection ? (scores.injection - t.injection) / Math.max(1e-9, 1 - t.injection) : -1;
  const mj = scores.jailbreak >= t.jailbreak ? (scores.jailbreak - t.jailbreak) / Math.max(1e-9, 1 - t.jailbreak) : -1;
  if (mi < 0 && mj < 0) return 'benign';
  return mi >= mj ? 'injection' : 'jailbreak';
}
