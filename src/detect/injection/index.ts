/**
 * Local prompt-injection / jailbreak detection: pure, synchronous, no I/O, nothing fetched at run
 * time. See docs/detection.md for what is detected, how, the measured numbers and blind spots.
 */
import { analyze } from './analyze.js';
import type { Evidence, InjectionCategory, InjectionVerdict, Thresholds } from './evidence.js';
import { forestFrom, forestMargin, stackInput, STACK_INPUTS, type Forest } from './boost.js';
import { HEAD_WEIGHTS, INJECTION_TREES, JAILBREAK_TREES, TRAINED_THRESHOLDS } from './model.generated.js';
import { dequantize, HEADS, headMargins, interleave, sigmoid, type HeadsModel } from './model.js';
import { categorize as categorizeScores, STRONG_FLOOR } from './scoring.js';

export type { Evidence, InjectionCategory, InjectionVerdict, Thresholds } from './evidence.js';

/** Chosen by scripts/train-injection.ts with cross-validation on the training part of the data. */
export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({ ...TRAINED_THRESHOLDS });

// Decoded once at import (2 MB of Float32 for both heads).
const MODEL: HeadsModel = interleave(HEAD_WEIGHTS.map((w) => ({ hashed: dequantize(w), dense: Float64Array.from(w.dense) })));
const TREES: { readonly injection: Forest; readonly jailbreak: Forest } = {
  injection: forestFrom(INJECTION_TREES),
  jailbreak: forestFrom(JAILBREAK_TREES),
};
// Head margins and the trees' input vector, reused between calls (detection is synchronous).
const MARGINS = new Float64Array(HEADS);
const STACK_SCRATCH = new Float64Array(STACK_INPUTS);

/**
 * Scores one user-supplied text. `category` is 'benign' unless a score reaches its DEFAULT
 * threshold; use `categorize(verdict, thresholds)` for per-policy thresholds. Only the first and
 * last 16 KiB of very long inputs are analysed (plus payloads decoded from them).
 */
export function detectInjection(text: string): InjectionVerdict {
  const a = analyze(text);
  const z = headMargins(MODEL, a.features, MARGINS);
  const x = stackInput(z, a.features, STACK_SCRATCH);
  const pi = sigmoid(z[0]! + forestMargin(TREES.injection, x));
  const pj = sigmoid(z[1]! + forestMargin(TREES.jailbreak, x));
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
