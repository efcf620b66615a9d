import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { GatewayError, type ErrorCode } from '../errors.js';
import { rejectedEvent } from './audit-rejected.js';
import { ROUTES, type Route } from '../providers/routes.js';
import { registerJsonBody } from './json-body.js';
import { clientErrorHandler, cutOffOf, gatewayServerFactory, type HttpServerOptions } from './http-server.js';
import { newRequestId, requestTime, type ProxyDeps } from './proxy.js';
import { createProxyRoutes, type ProxyRoutes } from './proxy-routes.js';
import { guessApi, sendError } from './respond.js';
import { registerAdmin, type AdminDeps } from './admin/index.js';
import type { MetricsHandler } from '../observe/metrics/endpoint.js';

export interface AppDeps extends ProxyDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly isReady: () => boolean;
  /** Swappable, counted proxy routes (config reload, shutdown drain); made from these deps when absent. */
  readonly proxies?: ProxyRoutes;
  /** The admin page and API (docs/admin.md); absent when `admin.token` is not configured. */
  readonly admin?: AdminDeps | undefined;
  /** Prometheus metrics on this port (docs/monitoring.md); absent when off or on a port of their own. */
  readonly metrics?: { readonly path: string; readonly handler: MetricsHandler } | undefined;
}

/** The HTTP app: body limits, request ids, the drop-in routes and provider-shaped errors. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const { config } = deps;
  const hostile: HttpServerOptions = {
    limits: config.server.requestLimits,
    requestTimeoutMs: config.server.requestTimeoutMs,
    newRequestId,
    onRefused: (refusal) => {
      deps.audit.record(rejectedEvent(refusal, refusal.code, requestTime(refusal.id)));
    },
  };
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
    // The node server: header size and count, query count, headers and request deadlines
    // (slowloris), no socket idle timeout (http-server.ts). Errors before a request exists get
    // coded answers too.
    serverFactory: gatewayServerFactory(hostile),
    clientErrorHandler: clientErrorHandler(hostile),
    // Requests already on open connections are served while the gateway drains, not refused.
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: trustProxyOption(config.server.trustProxy),
  });
  registerJsonBody(app, config.server.maxJsonDepth, config.server.requestLimits);

  // No onRequest hook: with none, fastify skips its hook runner on every request. The request id
  // (in `x-request-id` on every answer: the handlers and sendError set it) carries the arrival
  // time, to the millisecond.

  const proxies = deps.proxies ?? createProxyRoutes(deps);
  const proxy = (route: Route): ReturnType<ProxyRoutes['handler']> => proxies.handler(route);
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
  if (deps.admin) registerAdmin(app, deps.admin);
  if (deps.metrics) {
    const { handler } = deps.metrics;
    // Scrapes are not requests to the APIs: not audited, not counted.
    app.get(deps.metrics.path, async (request, reply) => {
      const answer = await handler(request.headers.authorization);
      return reply.code(answer.status).header('content-type', answer.contentType).header('cache-control', 'no-store').send(answer.body);
    });
  }

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
    // The connection is gone while the body was arriving: cut off for being slow (the client
    // already got a 408), or closed by the client. Nothing to answer, nothing failed here.
    if (request.raw.destroyed) return closedMidBody(request, reply, deps);
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

function closedMidBody(request: FastifyRequest, reply: FastifyReply, deps: AppDeps): FastifyReply {
  const cut = cutOffOf(request.raw);
  const event = rejectedEvent(request, cut?.code ?? 'invalid_request', requestTime(request.id));
  // A cut-off client was answered (408) under the id the HTTP server gave it: the audit uses it.
  deps.audit.record(cut ? { ...event, requestId: cut.id } : { ...event, status: 499, decision: 'aborted', errorCode: null });
  return reply.hijack();
}

/** fastify takes a hop count as a function of the hop index. */
function trustProxyOption(setting: false | number | readonly string[]): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting === false ? false : [...setting];
}
