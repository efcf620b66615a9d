import type { Route } from '../../providers/routes.js';
import { claudeContext, claudeProfile, claudeTextTokens, tallyMessages } from './claude.js';
import { countTextTokens, encodingForModel } from './encodings.js';
import { openaiContext, tallyChatCompletions, tallyEmbeddings, tallyResponses } from './openai.js';
import { Tally } from './tally.js';

export { encodingForModel, warmTokenizers, type EncodingName } from './encodings.js';

/**
 * The input tokens a request will use, counted before it is forwarded: exactly for OpenAI text
 * (the model's BPE encoding and OpenAI's chat framing), conservatively everywhere else. The count
 * is meant to be at or above what the provider will bill, never below.
 */
export interface InputTokenCount {
  readonly tokens: number;
  /** 'o200k_base' | 'cl100k_base' (OpenAI), 'claude-estimate', or 'none' (nothing to count). */
  readonly method: string;
  /**
   * What the count could not know and assumed instead (an image by URL charged at the documented
   * maximum, a previous_response_id whose stored conversation is not counted, …). Empty when the
   * count rests on the request alone. Callers decide whether an uncounted reference is acceptable.
   */
  readonly assumptions: readonly string[];
}

export interface CountOptions {
  /**
   * Tokens charged for a document the request only references (URL, file id): its content cannot
   * be seen. Default: 100 pages (Anthropic's per-request PDF limit) at the model's per-page cost.
   */
  readonly unknownDocumentTokens?: number;
  /**
   * Characters counted exactly per request (default 1 000 000); text beyond is charged one token
   * per UTF-8 byte, which bounds the CPU one request can take.
   */
  readonly exactCharBudget?: number;
}

const DEFAULT_EXACT_CHAR_BUDGET = 1_000_000;
const NOTHING: InputTokenCount = Object.freeze({ tokens: 0, method: 'none', assumptions: Object.freeze([]) });

function modelOf(body: Record<string, unknown>): string | undefined {
  return typeof body.model === 'string' && body.model !== '' ? body.model : undefined;
}

/** Counts the input tokens of a request body for its route (one pass over the body). */
export function countInputTokens(route: Route, body: Record<string, unknown>, options: CountOptions = {}): InputTokenCount {
  const model = modelOf(body);
  const budget = options.exactCharBudget ?? DEFAULT_EXACT_CHAR_BUDGET;
  switch (route.endpoint) {
    case 'models':
      return NOTHING;
    case 'messages':
    case 'count_tokens': {
      const profile = claudeProfile(model);
      const tally = new Tally((text) => claudeTextTokens(text, profile), budget);
      tallyMessages(claudeContext(tally, profile, options.unknownDocumentTokens), body);
      return { tokens: tally.tokens, method: 'claude-estimate', assumptions: tally.assumptions };
    }
    case 'chat_completions':
    case 'responses':
    case 'embeddings': {
      const encoding = encodingForModel(model);
      const tally = new Tally((text) => countTextTokens(encoding, text), budget);
      const context = openaiContext(tally, model, options.unknownDocumentTokens);
      if (route.endpoint === 'chat_completions') tallyChatCompletions(context, body);
      else if (route.endpoint === 'responses') tallyResponses(context, body);
      else tallyEmbeddings(context, body);
      return { tokens: tally.tokens, method: encoding, assumptions: tally.assumptions };
    }
  }
}
