/**
 * The OpenAI moderation check run before the main call: a client (with its cache) that turns
 * texts into one combined result, and the threshold judgement a pipeline stage applies to it.
 * The stage itself, the text extraction and the error codes live in the pipeline.
 */
export { createModerationCache, moderationCacheKey, type ModerationCache, type ModerationCacheOptions } from './cache.js';
export { createModerationClient, type ModerationClient, type ModerationClientOptions } from './client.js';
export { ModerationUnavailableError, type ModerationFailureReason } from './errors.js';
export { evaluateModeration, type EvaluateOptions, type ModerationVerdict } from './thresholds.js';
export { DEFAULT_MODERATION_MODEL, MODERATION_CATEGORIES, type ModerationCategory, type ModerationResult } from './types.js';
