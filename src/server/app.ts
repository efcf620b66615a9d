import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { GatewayError, type ErrorCode } from '../errors.js';
import { rejectedEvent } from './audit-rejected.js';
import { ROUTES } from '../providers/routes.js';
import { registerJsonBody } from './json-body.js';
import { createProxyHandler, newRequestId, requestTime, type ProxyDeps } from './proxy.js';
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
    // No per-request child logger: lines that need the request id carry it themselves.
    childLoggerFactory: (logger) => logger,
    bodyLimit: config.server.bodyLimitBytes,
    genReqId: newRequestId,
    // Time to receive the whole request (slow clients are cut off). The socket idle timeout stays
    // off: a slow non-streamed completion may keep a connection quiet for minutes, and the
    // upstream timeouts bound that wait.
    requestTimeout: config.server.requestTimeoutMs,
    connectionTimeout: 0,
    // Requests already on open connections are served while the gateway drains, not refused.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: trustProxyOption(config.server.trustProxy),
  });
  registerJsonBody(app, config.server.maxJsonDepth);

  // No onRequest hook: with none, fastify skips its hook runner on every request. The request id
  // (in `x-request-id` on every answer: the handlers and sendError set it) carries the arrival
  // time, to the millisecond.

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

  app.get('/healthz', (request, reply) => {
    reply.header('x-request-id', request.id);
    return Promise.resolve({ status: 'ok' });
  });
  app.get('/readyz', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (deps.isReady()) return { status: 'ready' };
    return sendError(reply, guessApi(request), 'not_ready', 'The gateway is not ready to serve.');
  });

  const refuse = (request: FastifyRequest, reply: FastifyReply, code: ErrorCode, message: string): FastifyReply => {
    deps.audit.record(rejectedEvent(request, code, requestTime(request.id)));
    return sendError(reply, guessApi(request), code, message);
  };

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const known = Object.values(ROUTES).some((r) => r.path === path) || path === '/healthz' || path === '/readyz';
    return known
      ? refuse(request, reply, 'method_not_allowed', `${request.method} is not supported on ${path}.`)
      : refuse(request, reply, 'route_not_found', `No route ${request.method} ${path.slice(0, 200)} on this gateway.`);
  });

  // Errors raised before a route handler ran: body parsing and limits. The handlers catch their own.
  app.setErrorHandler((error: FastifyError | GatewayError, request, reply) => {
    if (error instanceof GatewayError) return refuse(request, reply, error.code, error.message);
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return refuse(request, reply, 'body_too_large', `The request body is larger than ${config.server.bodyLimitBytes} bytes.`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return refuse(request, reply, 'unsupported_media_type', 'Send the request body as application/json.');
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return refuse(request, reply, 'invalid_request', 'The Content-Length header does not match the body.');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return refuse(request, reply, 'invalid_json', 'The request body is empty.');
      default:
        deps.logger.error({ err: error.message, code: error.code, requestId: request.id }, 'unhandled error');
        return refuse(request, reply, 'internal_error', 'The gateway failed to handle the request.');
    }
  });
  return app;
}

/** fastify takes a hop count as a function of the hop index. */
function trustProxyOption(setting: false | number | readonly string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting === false ? false : [...setting];
}
