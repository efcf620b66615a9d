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

export interface UpstreamClient {
  send(request: UpstreamRequest, signal: AbortSignal): Promise<UpstreamResponse>;
  close(): Promise<void>;
}

/**
 * One undici Agent (a keep-alive pool per origin) for all providers. Every destination passes the
 * egress policy before dispatch, and the socket's DNS lookup passes it again, so neither a
 * configured host that resolves privately nor a redirect (undici follows none) leaves the list.
 */
export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const agent = new Agent({
    connections: options.connectionsPerOrigin,
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    keepAliveTimeout: 30_000,
    connect: { timeout: options.connectTimeoutMs, lookup: options.egress.lookup },
  });

  return {
    async send(request, signal) {
      options.egress.check(request.url);
      try {
        return await agent.request({
          origin: request.url.origin,
          path: `${request.url.pathname}${request.url.search}`,
          method: request.method,
          headers: request.headers,
          body: request.body,
          signal,
        });
      } catch (err) {
        throw toGatewayError(err, request.url);
      }
    },
    close: () => agent.close(),
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
