import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import { createUpstreamClient, type UpstreamClient } from './client.js';
import { createEgressPolicy } from './egress.js';

let server: Server;
let base: string;
let client: UpstreamClient;
let closedEarly = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      switch (req.url) {
        case '/json':
          res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'up_1' }).end('{"ok":true}');
          return;
        case '/chunked':
          // No content-length: the size is only known as the chunks arrive.
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('x'.repeat(600));
          res.end('x'.repeat(600));
          return;
        case '/declared':
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' }).end('y'.repeat(5000));
          return;
        case '/slow':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"partial":');
          res.on('close', () => closedEarly++);
          return;
        default:
          res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const egress = createEgressPolicy({ allowHosts: [new URL(base).host], allowPrivateNetworks: true });
  client = createUpstreamClient({ egress, connectTimeoutMs: 2_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000, connectionsPerOrigin: 4 });
});

afterAll(async () => {
  await client.close();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
});

const post = (path: string) => ({ url: new URL(path, base), method: 'POST' as const, headers: { 'content-type': 'application/json' }, body: '{}' });

describe('buffered upstream calls', () => {
  it('reads a whole answer with its status and headers', async () => {
    const call = client.sendBuffered(post('/json'), 1_000);
    const response = await call.response;
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toBe('up_1');
    expect(response.body.toString()).toBe('{"ok":true}');
    expect(call.statusCode).toBe(200);
  });

  it('refuses an answer larger than allowed, by its declared length or as it arrives', async () => {
    for (const path of ['/declared', '/chunked']) {
      const call = client.sendBuffered(post(path), 1_000);
      const err = await call.response.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GatewayError);
      expect((err as GatewayError).code).toBe('upstream_response_too_large');
      // The provider answered 2xx: the proxy counts the request as forwarded (it may be billed).
      expect(call.statusCode).toBe(200);
    }
    // The client still works afterwards.
    expect((await client.sendBuffered(post('/json'), 1_000).response).statusCode).toBe(200);
  });

  it('aborts mid-answer: the call fails as aborted and the upstream connection is closed', async () => {
    const call = client.sendBuffered(post('/slow'), 1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    call.abort();
    const err = await call.response.catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(call.aborted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedEarly).toBe(1);
  });

  it('refuses a destination outside the egress allow-list before connecting', async () => {
    const err = await client.sendBuffered({ ...post('/json'), url: new URL('http://example.invalid/v1') }, 1_000).response.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).code).toBe('egress_denied');
  });
});
