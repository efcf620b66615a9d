import type { AzureProviderConfig } from '../../config/schema.js';
import type { RequestContext } from '../../pipeline/types.js';
import { contentHeaders, pickHeaders } from '../forward-headers.js';
import type { ProviderAdapter } from '../types.js';
import { adjustOpenAIBody, OPENAI_CLIENT_HEADERS } from './adapter.js';
import { openaiText } from './text.js';
import { observeOpenAIStream } from './stream.js';
import { openaiUsage } from './usage.js';
import { obj } from '../json.js';

/**
 * Azure OpenAI: the model a client names maps to a deployment; the key goes in `api-key`; every
 * call carries `api-version` (learn.microsoft.com/azure/ai-services/openai/reference).
 */
export function createAzureAdapter(config: AzureProviderConfig): ProviderAdapter {
  const endpoint = new URL(config.endpoint);
  const root = endpoint.pathname.replace(/\/+$/, '');
  const deploymentOf = (ctx: RequestContext): string => config.deployments[ctx.model ?? ''] ?? '';

  return {
    kind: 'azure',
    hosts: [endpoint.host],
    adjustBody(ctx) {
      const result = adjustOpenAIBody(ctx);
      // The Responses API on Azure names the deployment in the body's model field.
      if (ctx.route.endpoint === 'responses' && ctx.body && ctx.model && ctx.body.model !== deploymentOf(ctx)) {
        ctx.body.model = deploymentOf(ctx);
        ctx.bodyModified = true;
      }
      return result;
    },
    buildRequest(ctx, body, key) {
      const deployment = encodeURIComponent(deploymentOf(ctx));
      const path =
        ctx.route.endpoint === 'chat_completions'
          ? `/openai/deployments/${deployment}/chat/completions`
          : ctx.route.endpoint === 'embeddings'
            ? `/openai/deployments/${deployment}/embeddings`
            : '/openai/responses';
      const url = new URL(`${root}${path}`, endpoint.origin);
      url.searchParams.set('api-version', config.apiVersion);
      const headers = {
        ...pickHeaders(ctx.headers, OPENAI_CLIENT_HEADERS),
        ...contentHeaders(body),
        'api-key': key.reveal(),
      };
      return { url, method: ctx.route.method, headers, body };
    },
    supportsModel: (model) => Object.hasOwn(config.deployments, model),
    apiVersion: () => config.apiVersion,
    usageFromBody: (_ctx, body) => openaiUsage(obj(body)?.usage),
    textFromBody: (ctx, body) => openaiText(ctx.route.endpoint, body),
    observeStream: (ctx, options) => observeOpenAIStream(ctx.route.endpoint, options),
    localResponse(ctx) {
      if (ctx.route.endpoint !== 'models') return undefined;
      // Azure lists base models, not deployments; clients want the names they can call.
      const data = Object.keys(config.deployments).map((id) => ({ id, object: 'model', created: 0, owned_by: 'azure' }));
      return { status: 200, body: { object: 'list', data } };
    },
  };
}
