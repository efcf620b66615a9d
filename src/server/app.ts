import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { GatewayError } from '../errors.js';
import { ROUTES } from '../providers/routes.js';
import { registerJsonBody } from './json-body.js';
import { createProxyHandler, newRequestId, type ProxyDeps } from './proxy.js';
import { guessApi, sendError } from './respond.js';

export interface AppDeps extends ProxyDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly isReady: () => boolean;
}

/** The HTTP app: body limits, request ids, the drop-in routes and provider-shaped errors. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const { config } = deps;
  const app = Fastify({
    // The cast keeps the instance typed with fastify's base logger, which every helper accepts.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Fastify's own request logging would log URLs (and any key a client put in one); the audit
    // event is the request log.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.server.bodyLimitBytes,
    genReqId: newRequestId,
    requestTimeout: config.server.requestTimeoutMs,
    connectionTimeout: config.server.requestTimeoutMs,
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  });
  registerJsonBody(app, config.server.maxJsonDepth);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const proxy = createProxyHandler(deps);
  for (const route of [ROUTES.chatCompletions, ROUTES.responses, ROUTES.embeddings, ROUTES.messages, ROUTES.countTokens]) {
    app.post(route.path, proxy(route));
  }
  // OpenAI and Anthropic both list models at GET /v1/models; Anthropic clients send anthropic-version.
  const openaiModels = proxy(ROUTES.openaiModels);
  const anthropicModels = proxy(ROUTES.anthropicModels);
  app.get('/v1/models', (request, reply) =>
    request.headers['anthropic-version'] !== undefined ? anthropicModels(request, reply) : openaiModels(request, reply),
  );

  app.get('/healthz', () => Promise.resolve({ status: 'ok' }));
  app.get('/readyz', async (request, reply) => {
    if (deps.isReady()) return { status: 'ready' };
    return sendError(reply, guessApi(request), 'not_ready', 'The gateway is not ready to serve.');
  });

  app.setNotFoundHandler((request, reply) => {
    const known = Object.values(ROUTES).some((r) => r.path === request.url.split('?')[0]);
    return known
      ? sendError(reply, guessApi(request), 'method_not_allowed', `${request.method} is not supported on ${request.url.split('?')[0] ?? ''}.`)
      : sendError(reply, guessApi(request), 'route_not_found', `No route ${request.method} ${request.url.split('?')[0] ?? ''} on this gateway.`);
  });

  app.setErrorHandler((error: FastifyError | GatewayError, request, reply) => {
    const api = guessApi(request);
    if (error instanceof GatewayError) return sendError(reply, api, error.code, error.message);
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, api, 'body_too_large', `The request body is larger than ${config.server.bodyLimitBytes} bytes.`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendError(reply, api, 'unsupported_media_type', 'Send the request body as application/json.');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(reply, api, 'invalid_json', 'The request body is empty.');
      default:
        deps.logger.error({ err: error.message, code: error.code, requestId: request.id }, 'unhandled error');
        return sendError(reply, api, 'internal_error', 'The gateway failed to handle the request.');
    }
  });
  return app;
}
