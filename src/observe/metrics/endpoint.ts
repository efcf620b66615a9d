import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeNow } from '../../util/http-server.js';
import type { GatewayMetrics } from './gateway-metrics.js';

export interface MetricsAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Answers a scrape; with a token configured, only `Authorization: Bearer <token>` gets the metrics. */
export type MetricsHandler = (authorization: string | undefined) => Promise<MetricsAnswer>;

export function metricsHandler(metrics: GatewayMetrics, token: string | undefined): MetricsHandler {
  // Digests have equal length, so the comparison is constant-time whatever the client sent.
  const expected = token === undefined ? undefined : digest(`Bearer ${token}`);
  return async (authorization) => {
    if (expected !== undefined && (authorization === undefined || !timingSafeEqual(digest(authorization), expected))) {
      return { status: 401, contentType: 'text/plain; charset=utf-8', body: 'metrics need the scrape token\n' };
    }
    const { contentType, body } = await metrics.scrape();
    return { status: 200, contentType, body };
  };
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export interface MetricsListener {
  readonly url: string;
  close(): Promise<void>;
}

/** Metrics on their own port (`monitoring.metrics.port`): only GET <path>; everything else is 404. */
export async function startMetricsListener(handler: MetricsHandler, path: string, port: number, host: string): Promise<MetricsListener> {
  const server: Server = createServer((request, response) => {
    const pathname = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || pathname !== path) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    handler(request.headers.authorization).then(
      (answer) => response.writeHead(answer.status, { 'content-type': answer.contentType, 'cache-control': 'no-store' }).end(answer.body),
      () => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics failed\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}${path}`,
    close: () => closeNow(server),
  };
}
