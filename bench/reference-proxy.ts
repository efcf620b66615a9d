import { createServer, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'undici';

export interface ReferenceProxyOptions {
  readonly upstreamUrl: string;
  readonly upstreamKey: string;
  /** Upstream keep-alive connections (the gateway's default `connectionsPerOrigin` is 128). */
  readonly connections?: number;
}

export interface ReferenceProxy {
  readonly url: string;
  close(): Promise<void>;
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are not relayed. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

/**
 * The reference: the least a Node proxy can do here. node:http in, the request body streamed
 * unparsed to an undici Pool with the client's credential swapped for the upstream key, the
 * response piped back. No parsing, no checks, no audit: the physical limit the gateway is
 * measured against.
 */
export async function startReferenceProxy(options: ReferenceProxyOptions): Promise<ReferenceProxy> {
  const upstream = new URL(options.upstreamUrl);
  const pool = new Pool(upstream.origin, { connections: options.connections ?? 128, keepAliveTimeout: 30_000 });
  const authorization = `Bearer ${options.upstreamKey}`;

  const server = createServer((req, res) => {
    const headers: Record<string, string> = { authorization };
    const contentType = req.headers['content-type'];
    const contentLength = req.headers['content-length'];
    if (contentType !== undefined) headers['content-type'] = contentType;
    if (contentLength !== undefined) headers['content-length'] = contentLength;
    const method = req.method === 'POST' ? 'POST' : 'GET';
    const abort = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });

    pool
      .request({ path: req.url ?? '/', method, headers, body: method === 'POST' ? req : undefined, signal: abort.signal })
      .then(async (answer) => {
        const out: OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
        }
        res.writeHead(answer.statusCode, out);
        await pipeline(answer.body, res);
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"message":"upstream failed"}}');
        else res.destroy();
      });
  });
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => {
        resolve();
      }));
      await pool.close();
    },
  };
}
