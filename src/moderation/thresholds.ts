import type { ModerationResult } from './types.js';

export interface ModerationVerdict {
  /** At least one category is over its threshold (or provider-flagged, where that counts). */
  readonly flagged: boolean;
  /** The categories that decided it, sorted, for the error message and the audit event. */
  readonly categories: readonly string[];
  /** The highest score of any category, flagged or not (0 when there are none). */
  readonly maxScore: number;
}

export interface EvaluateOptions {
  /** A category without a threshold counts when the provider flagged it; otherwise it is ignored. */
  readonly useProviderFlag: boolean;
}

/**
 * Judges a moderation result by the operator's thresholds. A category with a threshold is
 * over it when its score reaches it (`score >= threshold`, so 0.8 blocks a score of 0.8) —
 * whatever the provider's own flag says, so a threshold can loosen a category as well as
 * tighten it. A category without one falls back to the provider's flag when asked to.
 */
export function evaluateModeration(
  result: ModerationResult,
  thresholds: Partial<Record<string, number>>,
  options: EvaluateOptions,
): ModerationVerdict {
  const over = new Set<string>();
  let maxScore = 0;
  for (const [category, score] of Object.entries(result.scores)) {
    maxScore = Math.max(maxScore, score);
    const threshold = thresholdOf(thresholds, category);
    if (threshold !== undefined && score >= threshold) over.add(category);
  }
  if (options.useProviderFlag) {
    for (const [category, flagged] of Object.entries(result.categories)) {
      if (flagged && thresholdOf(thresholds, category) === undefined) over.add(category);
    }
  }
  const categories = [...over].sort();
  return { flagged: categories.length > 0, categories, maxScore };
}

/** Own keys only: a category named like an Object.prototype member must not find a method. */
function thresholdOf(thresholds: Partial<Record<string, number>>, category: string): number | undefined {
  return Object.hasOwn(thresholds, category) ? thresholds[category] : undefined;
}
