/**
 * Local prompt-injection / jailbreak detection: pure, synchronous, no I/O, nothing fetched at run
 * time. See docs/detection.md for what is detected, how, the measured numbers and blind spots.
 */
import { analyze } from './analyze.js';
import type { Evidence, InjectionCategory, InjectionVerdict, Thresholds } from './evidence.js';
import { INJECTION_WEIGHTS, JAILBREAK_WEIGHTS, TRAINED_THRESHOLDS } from './model.generated.js';
import { dequantize, pair, pairProbabilities, type PairModel } from './model.js';
import { categorize as categorizeScores, STRONG_FLOOR } from './scoring.js';

export type { Evidence, InjectionCategory, InjectionVerdict, Thresholds } from './evidence.js';

/** Chosen by scripts/train-injection.ts with cross-validation on the training part of the data. */
export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({ ...TRAINED_THRESHOLDS });

// Decoded once at import (2 MB of Float32 for both models).
const MODEL: PairModel = pair(
  { hashed: dequantize(INJECTION_WEIGHTS), dense: Float64Array.from(INJECTION_WEIGHTS.dense) },
  { hashed: dequantize(JAILBREAK_WEIGHTS), dense: Float64Array.from(JAILBREAK_WEIGHTS.dense) },
);

/**
 * Scores one user-supplied text. `category` is 'benign' unless a score reaches its DEFAULT
 * threshold; use `categorize(verdict, thresholds)` for per-policy thresholds. Only the first and
 * last 16 KiB of very long inputs are analysed (plus payloads decoded from them).
 */
export function detectInjection(text: string): InjectionVerdict {
  const a = analyze(text);
  const { injection: pi, jailbreak: pj } = pairProbabilities(MODEL, a.features);
  const scores = {
    injection: a.strong.injection ? Math.max(pi, STRONG_FLOOR) : pi,
    jailbreak: a.strong.jailbreak ? Math.max(pj, STRONG_FLOOR) : pj,
  };
  const evidence: Evidence[] = [...a.evidence];
  // The classifier looks at the whole analysed text, so its evidence spans all of it.
  if (pi >= DEFAULT_THRESHOLDS.injection) evidence.push({ kind: 'classifier', rule: 'classifier.injection', start: 0, end: text.length });
  if (pj >= DEFAULT_THRESHOLDS.jailbreak) evidence.push({ kind: 'classifier', rule: 'classifier.jailbreak', start: 0, end: text.length });
  return {
    score: Math.max(scores.injection, scores.jailbreak),
    category: categorizeScores(scores, DEFAULT_THRESHOLDS),
    scores,
    evidence,
  };
}

/** Re-categorizes a verdict with other thresholds (per-policy sensitivity). */
export function categorize(verdict: InjectionVerdict, thresholds: Thresholds): InjectionCategory {
  return categorizeScores(verdict.scores, thresholds);
}
