/**
 * The moderation categories OpenAI's `omni-moderation-latest` returns, spelled as the API spells
 * them (https://platform.openai.com/docs/api-reference/moderations/object). Results are keyed by
 * plain strings so a category OpenAI adds later still reaches the thresholds; this list is for
 * config validation and documentation.
 */
export const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

export type ModerationCategory = (typeof MODERATION_CATEGORIES)[number];

export const DEFAULT_MODERATION_MODEL = 'omni-moderation-latest';

/** All inputs of one request, combined: the worst score and any provider flag per category. */
export interface ModerationResult {
  /** The model that answered, as the provider reports it (a dated snapshot of `-latest`). */
  readonly model: string;
  /** The provider flagged at least one input. */
  readonly flagged: boolean;
  /** Per category: the provider flagged it on at least one input. */
  readonly categories: Readonly<Record<string, boolean>>;
  /** Per category: the highest score over all inputs, 0..1. */
  readonly scores: Readonly<Record<string, number>>;
  /** How many inputs were classified. */
  readonly inputCount: number;
  /** Served from the cache, with no call to the endpoint (for the audit event). */
  readonly cached: boolean;
}
