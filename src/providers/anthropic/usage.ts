import type { TokenUsage } from '../../audit/event.js';
import { NO_USAGE } from '../../audit/event.js';
import { num, obj } from '../json.js';

/**
 * Anthropic reports uncached input, cache reads and cache writes separately
 * (docs.anthropic.com/en/docs/build-with-claude/prompt-caching). `input` here is their sum, so it
 * means the same as OpenAI's `prompt_tokens`; `cached` is the cache reads.
 */
export function anthropicUsage(usageValue: unknown): TokenUsage {
  const usage = obj(usageValue);
  if (!usage) return NO_USAGE;
  const uncached = num(usage.input_tokens);
  const cacheRead = num(usage.cache_read_input_tokens);
  const cacheWrite = num(usage.cache_creation_input_tokens);
  const input = uncached === null && cacheRead === null && cacheWrite === null ? null : (uncached ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0);
  const base = { input, output: num(usage.output_tokens), cached: cacheRead, reasoning: null };
  // Cache writes cost more than plain input; keep them apart when the provider reports them.
  return cacheWrite === null ? base : { ...base, cacheWrite };
}

/** Later usage reports (message_delta) update only the fields they carry. */
export function mergeUsage(base: TokenUsage, update: TokenUsage): TokenUsage {
  return {
    input: update.input ?? base.input,
    output: update.output ?? base.output,
    cached: update.cached ?? base.cached,
    reasoning: update.reasoning ?? base.reasoning,
    ...(update.cacheWrite != null || base.cacheWrite != null ? { cacheWrite: update.cacheWrite ?? base.cacheWrite } : {}),
  };
}
