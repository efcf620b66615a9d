import type { ModerationResult } from './types.js';

type Combined = Omit<ModerationResult, 'cached'>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Category names as OpenAI spells them (`self-harm/intent`). Anything else is skipped, which also
 * keeps a hostile `__proto__` key from reaching the plain objects built below.
 */
const CATEGORY_NAME = /^[a-z][a-z_/-]{0,63}$/;

/**
 * Reads a `POST /v1/moderations` answer (`{ id, model, results: [{ flagged, categories,
 * category_scores, category_applied_input_types }] }`, one result per input, in order) and
 * combines the results into one: per category the highest score and any provider flag, since
 * one harmful message is enough to judge the request. Returns undefined for anything that is
 * not such an answer, so a garbled body can never read as "clean".
 */
export function combineModerationResponse(body: unknown, inputCount: number): Combined | undefined {
  if (!isRecord(body) || !Array.isArray(body.results) || body.results.length !== inputCount) return undefined;
  const categories: Record<string, boolean> = {};
  const scores: Record<string, number> = {};
  let flagged = false;
  for (const result of body.results as unknown[]) {
    if (!isRecord(result) || typeof result.flagged !== 'boolean' || !isRecord(result.category_scores)) return undefined;
    flagged ||= result.flagged;
    for (const [name, score] of Object.entries(result.category_scores)) {
      if (!CATEGORY_NAME.test(name)) continue;
      if (typeof score !== 'number' || !Number.isFinite(score) || score < 0 || score > 1) return undefined;
      scores[name] = Math.max(scores[name] ?? 0, score);
    }
    // Older text-moderation models answer null for categories they do not know (`illicit`).
    for (const [name, value] of Object.entries(isRecord(result.categories) ? result.categories : {})) {
      if (!CATEGORY_NAME.test(name)) continue;
      if (value !== null && typeof value !== 'boolean') return undefined;
      categories[name] = (categories[name] ?? false) || value === true;
    }
  }
  return { model: typeof body.model === 'string' ? body.model : '', flagged, categories, scores, inputCount };
}
