import type { AnthropicProviderConfig } from '../../config/schema.js';
import { contentHeaders, pickHeaders } from '../forward-headers.js';
import type { ProviderAdapter } from '../types.js';
import { obj } from '../json.js';
import { NO_USAGE } from '../../audit/event.js';
import { observeAnthropicStream } from './stream.js';
import { anthropicText } from './text.js';
import { anthropicUsage } from './usage.js';

/**
 * `anthropic-version` and `anthropic-beta` are forwarded exactly as the client sent them: the
 * 1.x SDK sends 2026-10-21 with Authorization, 0.x and @ai-sdk/anthropic send 2023-06-01 with
 * x-api-key, and the gateway must not change which API behaviour the client gets.
 */
export const ANTHROPIC_CLIENT_HEADERS = ['accept', 'anthropic-version', 'anthropic-beta', 'user-agent'] as const;

const PATHS: Record<string, string> = {
  messages: '/v1/messages',
  count_tokens: '/v1/messages/count_tokens',
  models: '/v1/models',
};

export function createAnthropicAdapter(config: AnthropicProviderConfig): ProviderAdapter {
  const base = new URL(config.baseUrl);
  const prefix = base.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return {
    kind: 'anthropic',
    hosts: [base.host],
    adjustBody: () => ({ dropUsageChunk: false }),
    buildRequest(ctx, body, key) {
      const url = new URL(`${prefix}${PATHS[ctx.route.endpoint] ?? ''}`, base.origin);
      // The provider key always goes in x-api-key, whatever header the client used for ours.
      const headers = {
        ...pickHeaders(ctx.headers, ANTHROPIC_CLIENT_HEADERS),
        ...contentHeaders(body),
        'x-api-key': key.reveal(),
      };
      return { url, method: ctx.route.method, headers, body };
    },
    apiVersion: (ctx) => {
      const version = ctx.headers['anthropic-version'];
      return typeof version === 'string' ? version : null;
    },
    // count_tokens consumes nothing; its answer is a count, not usage.
    usageFromBody: (ctx, body) => (ctx.route.endpoint === 'messages' ? anthropicUsage(obj(body)?.usage) : NO_USAGE),
    textFromBody: (ctx, body) => (ctx.route.endpoint === 'messages' ? anthropicText(body) : []),
    observeStream: (_ctx, options) => observeAnthropicStream(options),
  };
}
