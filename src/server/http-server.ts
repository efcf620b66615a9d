import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { RequestLimitsConfig } from '../config/request-limits.js';
import { renderError, type ErrorCode } from '../errors.js';
import { guessApiFrom } from './respond.js';

/** A request refused by the HTTP server itself, before any route ran (for the audit). */
export interface Refusal {
  readonly id: string;
  readonly method: string;
  readonly url: string;
  readonly code: ErrorCode;
}

export interface HttpServerOptions {
  readonly limits: RequestLimitsConfig;
  /** Time a client has to send its whole request (`server.requestTimeoutMs`). */
  readonly requestTimeoutMs: number;
  readonly newRequestId: () => string;
  readonly onRefused: (refusal: Refusal) => void;
}

/**
 * The node HTTP server under fastify (its `serverFactory`), configured against hostile clients:
 * bounded header size and count, a deadline for the headers and for the whole request
 * (slowloris), and the query-parameter count checked before routing. Doing the count checks here,
 * not in a fastify hook, keeps fastify's hook runner off the hot path.
 */
export function gatewayServerFactory(options: HttpServerOptions): (handler: (req: IncomingMessage, res: ServerResponse) => void) => Server {
  const { limits, requestTimeoutMs } = options;
  return (handler) => {
    /** Requests over a count limit are answered here; the rest go to fastify. */
    const serve = (req: IncomingMessage, res: ServerResponse): void => {
      const code = refusalCode(req, limits);
      if (code === undefined) handler(req, res);
      else refuse(req, res, code, options);
    };
    // node refuses a headers deadline longer than the request deadline.
    const headersTimeout = Math.min(limits.headersTimeoutMs, requestTimeoutMs);
    const server = createServer(
      {
        maxHeaderSize: limits.maxHeaderBytes,
        headersTimeout,
        requestTimeout: requestTimeoutMs,
        keepAliveTimeout: limits.keepAliveTimeoutMs,
        // node checks both deadlines on this interval (default 30 s); a tenth of the shorter
        // deadline keeps the overshoot small without a busy timer.
        connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(headersTimeout / 10))),
      },
      serve,
    );
    // An `Expect` other than 100-continue: node would answer a bare 417 itself, without a code
    // or a request id. RFC 9110 §10.1.1 lets a server ignore it, so the request is served.
    server.on('checkExpectation', serve);
    // node keeps at most this many header fields; one more than the limit tells "over it" apart.
    server.maxHeadersCount = limits.maxHeaders + 1;
    // No socket idle timeout: a slow non-streamed completion may keep a connection quiet for
    // minutes, and the upstream timeouts bound that wait.
    server.setTimeout(0);
    return server;
  };
}

function refuse(req: IncomingMessage, res: ServerResponse, code: ErrorCode, options: HttpServerOptions): void {
  const id = options.newRequestId();
  const url = req.url ?? '';
  const message =
    code === 'too_many_headers'
      ? `The request has more than ${options.limits.maxHeaders} header fields.`
      : `The URL has more than ${options.limits.maxQueryParams} query parameters.`;
  const rendered = renderError(guessApiFrom(req.headers, url), code, message);
  const body = JSON.stringify(rendered.body);
  res.writeHead(rendered.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-request-id': id,
    'x-portcullis-error-code': code,
  });
  res.end(body);
  options.onRefused({ id, method: req.method ?? '', url, code });
}

function refusalCode(req: IncomingMessage, limits: RequestLimitsConfig): ErrorCode | undefined {
  if (req.rawHeaders.length / 2 > limits.maxHeaders) return 'too_many_headers';
  const url = req.url ?? '';
  const query = url.indexOf('?');
  if (query !== -1 && countParams(url, query + 1) > limits.maxQueryParams) return 'too_many_query_params';
  return undefined;
}

/** Non-empty `&`-separated fields, as URLSearchParams counts them. */
function countParams(url: string, from: number): number {
  let count = 0;
  let start = from;
  for (;;) {
    const end = url.indexOf('&', start);
    const stop = end === -1 ? url.length : end;
    if (stop > start) count++;
    if (end === -1) return count;
    start = end + 1;
  }
}

/**
 * fastify's `clientErrorHandler`: errors node raises before a request exists (headers too large,
 * a stalled client, bytes that are not HTTP). The answer carries a code like every other error;
 * the API is unknown, so the body is the OpenAI shape with Anthropic's top-level `type` added,
 * which both SDKs read. The connection is closed after it, as node does.
 */
export function clientErrorHandler(options: Pick<HttpServerOptions, 'limits' | 'requestTimeoutMs' | 'newRequestId' | 'onRefused'>) {
  return (err: Error & { code?: string }, socket: Socket): void => {
    // A reset connection has nobody to answer.
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    // The client hung up mid-request: nobody to answer either. A body fastify was reading is
    // audited as aborted on its own error path.
    if (err.code === 'HPE_INVALID_EOF_STATE') {
      socket.destroy();
      return;
    }
    const code: ErrorCode =
      err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request_timeout' : err.code === 'HPE_HEADER_OVERFLOW' ? 'headers_too_large' : 'malformed_http';
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    const id = options.newRequestId();
    // A request fastify is already reading (a slow body): its own error path audits it once the
    // socket is gone; this mark tells it why, and under which id the client heard of it.
    if (inFlight) cutOff.set(inFlight.req, { code, id });
    // Bytes already sent for a response on this socket would be corrupted by a second one.
    if (socket.writable && !inFlight?.headersSent) {
      const body = JSON.stringify({ type: 'error', ...renderError('openai', code, clientErrorMessage(code, options)).body });
      const status = renderError('openai', code, '').status;
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${id}\r\nX-Portcullis-Error-Code: ${code}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
    if (!inFlight) options.onRefused({ id, method: 'HTTP', url: '(incomplete request)', code });
  };
}

const cutOff = new WeakMap<IncomingMessage, { readonly code: ErrorCode; readonly id: string }>();

/** Why the server cut off a request whose body was still arriving, and the request id it answered with. */
export function cutOffOf(req: IncomingMessage): { readonly code: ErrorCode; readonly id: string } | undefined {
  return cutOff.get(req);
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

function clientErrorMessage(code: ErrorCode, options: Pick<HttpServerOptions, 'limits' | 'requestTimeoutMs'>): string {
  switch (code) {
    case 'request_timeout':
      return `The request did not arrive in time (headers within ${Math.min(options.limits.headersTimeoutMs, options.requestTimeoutMs)} ms, the whole request within ${options.requestTimeoutMs} ms).`;
    case 'headers_too_large':
      return `The request line and headers are larger than ${options.limits.maxHeaderBytes} bytes.`;
    default:
      return 'The request is not valid HTTP/1.1.';
  }
}
