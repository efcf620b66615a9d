import type { OpenAIProviderConfig } from '../../config/schema.js';
import type { RequestContext } from '../../pipeline/types.js';
import { pickHeaders } from '../forward-headers.js';
import type { ProviderAdapter } from '../types.js';
import { openaiText } from './text.js';
import { observeOpenAIStream } from './stream.js';
import { openaiUsage } from './usage.js';
import { obj } from '../json.js';

/** Client headers that change OpenAI's behaviour and carry no credential. */
export const OPENAI_CLIENT_HEADERS = ['accept', 'openai-beta', 'idempotency-key', 'user-agent'] as const;

export const OPENAI_PATHS: Record<string, string> = {
  chat_completions: '/v1/chat/completions',
  responses: '/v1/responses',
  embeddings: '/v1/embeddings',
  models: '/v1/models',
};

export function createOpenAIAdapter(config: OpenAIProviderConfig): ProviderAdapter {
  const base = new URL(config.baseUrl);
  // A base URL may carry a path prefix (a private endpoint behind a path router).
  const prefix = base.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  const urls = new Map<string, URL>();
  return {
    kind: 'openai',
    hosts: [base.host],
    openaiAccount: { baseUrl: config.baseUrl, organization: config.organization, project: config.project },
    adjustBody: adjustOpenAIBody,
    buildRequest(ctx, body, key) {
      // One URL per endpoint, parsed once (nothing mutates an upstream request's URL).
      let url = urls.get(ctx.route.endpoint);
      if (!url) {
        url = new URL(`${prefix}${OPENAI_PATHS[ctx.route.endpoint] ?? ''}`, base.origin);
        urls.set(ctx.route.endpoint, url);
      }
      const headers = pickHeaders(ctx.headers, OPENAI_CLIENT_HEADERS);
      if (body !== undefined) headers['content-type'] = 'application/json';
      headers.authorization = `Bearer ${key.reveal()}`;
      if (config.organization) headers['openai-organization'] = config.organization;
      if (config.project) headers['openai-project'] = config.project;
      return { url, method: ctx.route.method, headers, body };
    },
    apiVersion: () => null,
    usageFromBody: (_ctx, body) => openaiUsage(obj(body)?.usage),
    textFromBody: (ctx, body) => openaiText(ctx.route.endpoint, body),
    observeStream: (ctx, options) => observeOpenAIStream(ctx.route.endpoint, options),
  };
}

/**
 * Streamed chat completions report usage only when asked (`stream_options.include_usage`). The
 * gateway asks, so the audit and later the budget see real numbers, and drops the extra chunk
 * again when the client did not ask for it itself.
 */
export function adjustOpenAIBody(ctx: RequestContext): { dropUsageChunk: boolean } {
  const body = ctx.body;
  if (!body || ctx.route.endpoint !== 'chat_completions' || !ctx.streamed) return { dropUsageChunk: false };
  const streamOptions = obj(body.stream_options);
  if (streamOptions?.include_usage === true) return { dropUsageChunk: false };
  body.stream_options = { ...(streamOptions ?? {}), include_usage: true };
  ctx.bodyModified = true;
  return { dropUsageChunk: true };
}
