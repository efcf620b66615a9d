import type { Config } from '../../config/schema.js';
import { effectiveMaxOutputTokens } from '../../limits/output-cap.js';
import { countInputTokens } from '../../limits/tokens/index.js';
import type { Decision, RequestStage } from '../types.js';

/** Endpoints whose input the provider bills as tokens (count_tokens and the model list are free). */
const METERED = new Set(['chat_completions', 'responses', 'embeddings', 'messages']);

/**
 * Counts the input with a real tokenizer before anything is forwarded (system prompts, tools and
 * images by each provider's rules) and refuses an input over the environment's limit. Records
 * the input count and the output cap for the budget reservation that follows.
 */
export function createTokenLimitStage(config: Config): RequestStage {
  return {
    name: 'token-limit',
    run(ctx): Decision {
      if (!ctx.body || !METERED.has(ctx.route.endpoint)) return { type: 'skip', reason: 'the endpoint is not metered' };
      const policy = config.environments[ctx.environment ?? '']?.tokens;
      if (!policy) return { type: 'skip', reason: 'no token policy' };
      const counted = countInputTokens(ctx.route, ctx.body);
      if (counted.tokens > policy.maxInputTokens) {
        return {
          type: 'deny',
          code: 'input_too_long',
          message: `The input is about ${counted.tokens} tokens; this environment accepts at most ${policy.maxInputTokens}.`,
        };
      }
      ctx.consumption = {
        inputTokens: counted.tokens,
        maxOutputTokens: ctx.route.endpoint === 'embeddings' ? 0 : (effectiveMaxOutputTokens(ctx) ?? policy.maxOutputTokens),
        tokenizer: counted.method,
      };
      return { type: 'allow' };
    },
  };
}
