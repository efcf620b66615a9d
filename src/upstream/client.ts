import type { IncomingHttpHeaders } from 'node:http';
import { Agent, errors as undiciErrors, type Dispatcher } from 'undici';
import { GatewayError } from '../errors.js';
import type { UpstreamRequest } from '../providers/types.js';
import type { EgressPolicy } from './egress.js';

export interface UpstreamClientOptions {
  readonly egress: EgressPolicy;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly connectionsPerOrigin: number;
}

export type UpstreamResponse = Dispatcher.ResponseData;

/** Per-provider overrides of the client's timeouts (a provider's `timeouts`, upstream/policy.ts). */
export interface RequestTimeouts {
  readonly connectMs?: number | undefined;
  readonly headersMs?: number | undefined;
  readonly bodyMs?: number | undefined;
}

/** A whole (non-streamed) upstream answer, read into memory. */
export interface BufferedUpstreamResponse {
  readonly statusCode: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A buffered upstream call in flight; `abort` cancels it (the client went away). */
export interface BufferedCall {
  readonly response: Promise<BufferedUpstreamResponse>;
  abort(): void;
  readonly aborted: boolean;
  /** The answer's status once its headers arrived, else 0 (a 2xx means the provider may bill). */
  readonly statusCode: number;
}

export interface UpstreamClient {
  send(request: UpstreamRequest, signal: AbortSignal, timeouts?: RequestTimeouts): Promise<UpstreamResponse>;
  /**
   * Sends a request whose whole answer is wanted in memory (a non-streamed completion), refusing
   * one larger than `maxBytes` (upstream_response_too_large). Cheaper than `send` + reading the
   * body stream: no AbortController, no body stream, no async iterator per request.
   */
  sendBuffered(request: UpstreamRequest, maxBytes: number, timeouts?: RequestTimeouts): BufferedCall;
  close(): Promise<void>;
}

/**
 * One undici Agent (a keep-alive pool per origin) for all providers. Every destination passes the
 * egress policy before dispatch, and the socket's DNS lookup passes it again, so neither a
 * configured host that resolves privately nor a redirect (undici follows none) leaves the list.
 */
export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const newAgent = (connectTimeoutMs: number): Agent =>
    new Agent({
      connections: options.connectionsPerOrigin,
      headersTimeout: options.headersTimeoutMs,
      bodyTimeout: options.bodyTimeoutMs,
      keepAliveTimeout: 30_000,
      connect: { timeout: connectTimeoutMs, lookup: options.egress.lookup },
    });
  const agent = newAgent(options.connectTimeoutMs);
  // The connect timeout is a pool setting in undici: a provider with its own gets its own pool.
  const agents = new Map<number, Agent>([[options.connectTimeoutMs, agent]]);
  const agentFor = (timeouts: RequestTimeouts | undefined): Agent => {
    const connectMs = timeouts?.connectMs;
    if (connectMs === undefined) return agent;
    let found = agents.get(connectMs);
    if (!found) {
      found = newAgent(connectMs);
      agents.set(connectMs, found);
    }
    return found;
  };

  return {
    async send(request, signal, timeouts) {
      options.egress.check(request.url);
      try {
        return await agentFor(timeouts).request({
          origin: request.url.origin,
          path: `${request.url.pathname}${request.url.search}`,
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal,
          ...(timeouts?.headersMs === undefined ? {} : { headersTimeout: timeouts.headersMs }),
          ...(timeouts?.bodyMs === undefined ? {} : { bodyTimeout: timeouts.bodyMs }),
        });
      } catch (err) {
        throw toGatewayError(err, request.url);
      }
    },
    sendBuffered(request, maxBytes, timeouts) {
      return bufferedCall(agentFor(timeouts), options.egress, request, maxBytes, timeouts);
    },
    close: async () => {
      await Promise.all([...agents.values()].map((a) => a.close()));
    },
  };
}

function tooLarge(): GatewayError {
  return new GatewayError('upstream_response_too_large', 'The upstream response is larger than the gateway accepts.');
}

/** An AbortError like the one undici raises for an aborted signal (the proxy checks `aborted`). */
function abortError(): Error {
  const err = new Error('The request was aborted: the client went away.');
  err.name = 'AbortError';
  return err;
}

/**
 * One upstream request through undici's handler API: the answer's chunks are collected as they
 * arrive, bounded by the declared and the actual size, and the call can be aborted at any time.
 */
function bufferedCall(agent: Agent, egress: EgressPolicy, request: UpstreamRequest, maxBytes: number, timeouts?: RequestTimeouts): BufferedCall {
  let controller: Dispatcher.DispatchController | undefined;
  let aborted = false;
  let settled = false;
  let resolve!: (value: BufferedUpstreamResponse) => void;
  let reject!: (err: Error) => void;
  const response = new Promise<BufferedUpstreamResponse>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  const fail = (err: Error): void => {
    if (settled) return;
    settled = true;
    reject(err);
  };
  let statusCode = 0;
  let headers: IncomingHttpHeaders = {};
  const chunks: Buffer[] = [];
  let size = 0;

  const handler: Dispatcher.DispatchHandler = {
    onRequestStart(ctl) {
      controller = ctl;
      if (aborted) ctl.abort(abortError());
    },
    onResponseStart(ctl, status, responseHeaders) {
      statusCode = status;
      headers = responseHeaders;
      if (Number(headers['content-length'] ?? 0) > maxBytes) {
        fail(tooLarge());
        ctl.abort(tooLarge());
      }
    },
    onResponseData(ctl, chunk) {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        fail(tooLarge());
        ctl.abort(tooLarge());
        return;
      }
      chunks.push(chunk);
    },
    onResponseEnd() {
      if (settled) return;
      settled = true;
      resolve({ statusCode, headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    },
    onResponseError(_ctl, err) {
      fail(aborted ? abortError() : (toGatewayError(err, request.url)));
    },
  };

  try {
    egress.check(request.url);
    agent.dispatch(
      {
        origin: request.url.origin,
        path: request.url.search === '' ? request.url.pathname : `${request.url.pathname}${request.url.search}`,
        method: request.method,
        headers: request.headers,
        body: request.body,
        ...(timeouts?.headersMs === undefined ? {} : { headersTimeout: timeouts.headersMs }),
        ...(timeouts?.bodyMs === undefined ? {} : { bodyTimeout: timeouts.bodyMs }),
      },
      handler,
    );
  } catch (err) {
    fail(toGatewayError(err, request.url));
  }
  return {
    response,
    get aborted() {
      return aborted;
    },
    get statusCode() {
      return statusCode;
    },
    abort() {
      if (aborted || settled) return;
      aborted = true;
      fail(abortError());
      controller?.abort(abortError());
    },
  };
}

/** Maps transport failures to coded errors; the message names the host, never a header. */
export function toGatewayError(err: unknown, url: URL): Error {
  if (err instanceof GatewayError) return err;
  if ((err as { code?: string }).code === 'EGRESS_DENIED' || (err as { cause?: { code?: string } }).cause?.code === 'EGRESS_DENIED') {
    return new GatewayError('egress_denied', `egress refused: ${url.hostname} resolves to a private address`);
  }
  if (err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError || err instanceof undiciErrors.ConnectTimeoutError) {
    return new GatewayError('upstream_timeout', `the ${url.hostname} upstream did not answer in time`);
  }
  if (err instanceof Error && err.name === 'AbortError') return err;
  return new GatewayError('upstream_unreachable', `the ${url.hostname} upstream could not be reached`);
}

/**
 * Drops an upstream body the gateway will not read. Destroying an undici body emits an abort
 * error; without a listener that error would be uncaught and take the process down.
 */
export function discardBody(body: NodeJS.ReadableStream & { destroy(): void }): void {
  body.on('error', () => undefined);
  body.destroy();
}
