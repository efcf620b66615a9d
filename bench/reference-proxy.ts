import { createServer, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { AddressInfo } from 'node:net';
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
 * The reference: the least a Node proxy can do here. node:http in, the request body (bytes, never
 * parsed) to an undici Pool with the client's credential swapped for the upstream key, the answer
 * back — a JSON answer in one write, a stream event by event. No parsing, no checks, no audit: the
 * physical limit the gateway is measured against. Of the relays tried (streaming the request body,
 * pool.stream, request() + pipeline for every answer, node:http's own client), this one used the
 * least CPU per request and served the most requests on this machine.
 */
export async function startReferenceProxy(options: ReferenceProxyOptions): Promise<ReferenceProxy> {
  const upstream = new URL(options.upstreamUrl);
  const pool = new Pool(upstream.origin, { connections: options.connections ?? 128, keepAliveTimeout: 30_000 });
  const authorization = `Bearer ${options.upstreamKey}`;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = { authorization };
      const contentType = req.headers['content-type'];
      if (contentType !== undefined) headers['content-type'] = contentType;
      const method = req.method === 'POST' ? 'POST' : 'GET';
      relay(req.url ?? '/', method, headers, method === 'POST' ? Buffer.concat(chunks) : undefined, res).catch(() => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"message":"upstream failed"}}');
        else res.destroy();
      });
    });
  });

  async function relay(path: string, method: 'GET' | 'POST', headers: Record<string, string>, body: Buffer | undefined, res: ServerResponse): Promise<void> {
    const answer = await pool.request({ path, method, headers, body });
    const out: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(answer.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
    }
    if (String(answer.headers['content-type']).startsWith('text/event-stream')) {
      // A stream goes through event by event as it arrives; a client that leaves ends it upstream.
      res.writeHead(answer.statusCode, out);
      await pipeline(answer.body, res);
      return;
    }
    // A small JSON answer is read whole and written in one go, with its length: the cheapest
    // way to send it (one write, no chunked framing).
    const data = Buffer.from(await answer.body.arrayBuffer());
    out['content-length'] = data.length;
    res.writeHead(answer.statusCode, out);
    res.end(data);
  }

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
