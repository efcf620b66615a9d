import type { TokenUsage } from '../../audit/event.js';
import { NO_USAGE } from '../../audit/event.js';
import { num, obj } from '../json.js';

/**
 * Usage in OpenAI's two shapes: Chat Completions/Embeddings (`prompt_tokens`, `completion_tokens`)
 * and Responses (`input_tokens`, `output_tokens`). Input counts include cached tokens, as OpenAI
 * reports them.
 */
export function openaiUsage(usageValue: unknown): TokenUsage {
  const usage = obj(usageValue);
  if (!usage) return NO_USAGE;
  const inputDetails = obj(usage.prompt_tokens_details) ?? obj(usage.input_tokens_details);
  const outputDetails = obj(usage.completion_tokens_details) ?? obj(usage.output_tokens_details);
  return {
    input: num(usage.prompt_tokens) ?? num(usage.input_tokens),
    output: num(usage.completion_tokens) ?? num(usage.output_tokens),
    cached: num(inputDetails?.cached_tokens),
    reasoning: num(outputDetails?.reasoning_tokens),
  };
}
