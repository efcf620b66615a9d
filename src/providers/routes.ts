import type { ApiFlavor } from '../errors.js';

export type ProviderName = 'openai' | 'anthropic';

export type Endpoint = 'chat_completions' | 'responses' | 'embeddings' | 'models' | 'messages' | 'count_tokens';

/** One drop-in endpoint: which API's shape it speaks and which provider serves it. */
export interface Route {
  readonly api: ApiFlavor;
  readonly provider: ProviderName;
  readonly endpoint: Endpoint;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** The client may ask for SSE with `"stream": true`. */
  readonly streamable: boolean;
  /** The body must name a model. */
  readonly needsModel: boolean;
  /** For the audit event: `POST /v1/chat/completions`. */
  readonly label: string;
}

function route(api: ApiFlavor, endpoint: Endpoint, method: 'GET' | 'POST', path: string, streamable: boolean): Route {
  return Object.freeze({
    api,
    provider: api,
    endpoint,
    method,
    path,
    streamable,
    needsModel: method === 'POST',
    label: `${method} ${path}`,
  });
}

export const ROUTES = {
  chatCompletions: route('openai', 'chat_completions', 'POST', '/v1/chat/completions', true),
  responses: route('openai', 'responses', 'POST', '/v1/responses', true),
  embeddings: route('openai', 'embeddings', 'POST', '/v1/embeddings', false),
  openaiModels: route('openai', 'models', 'GET', '/v1/models', false),
  messages: route('anthropic', 'messages', 'POST', '/v1/messages', true),
  countTokens: route('anthropic', 'count_tokens', 'POST', '/v1/messages/count_tokens', false),
  // Anthropic's SDK lists models on the same path; the anthropic-version header tells them apart.
  anthropicModels: route('anthropic', 'models', 'GET', '/v1/models', false),
} as const;
