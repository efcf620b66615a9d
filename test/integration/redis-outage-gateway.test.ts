import { afterAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { freePort, hasRedisServer, startRedisServer, stopProcess } from '../helpers/redis-server.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

if (!hasRedisServer && process.env.CI) throw new Error('redis-server is not on PATH: CI must run the gateway Redis outage test');

/** The whole gateway, its counters in Redis, when Redis stops mid-test: an answer in bounded time. */
describe.skipIf(!hasRedisServer)('the gateway when Redis stops', () => {
  const children: ChildProcess[] = [];
  const gateways: TestGateway[] = [];
  afterAll(async () => {
    for (const g of gateways) await g.close();
    for (const c of children) await stopProcess(c);
  });

  async function gatewayOnRedis(onStoreError: 'fail-closed' | 'fail-open'): Promise<{ t: TestGateway; redis: ChildProcess }> {
    const port = await freePort();
    const redis = await startRedisServer(port);
    children.push(redis);
    const t = await startTestGateway({
      secretEnv: { PCL_OUTAGE_REDIS_URL: `redis://127.0.0.1:${port}` },
      config: { limits: { store: { kind: 'redis', url: 'env:PCL_OUTAGE_REDIS_URL', timeoutMs: 200 }, onStoreError: { rateLimits: onStoreError, budgets: onStoreError } } },
    });
    gateways.push(t);
    return { t, redis };
  }

  const chat = (t: TestGateway): Promise<Response> =>
    fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
    });

  it('fail-closed: 503 limit_store_unavailable within a bounded time, never a hang', async () => {
    const { t, redis } = await gatewayOnRedis('fail-closed');
    expect((await chat(t)).status).toBe(200);
    await stopProcess(redis);
    for (let i = 0; i < 8; i++) {
      const started = performance.now();
      const res = await chat(t);
      expect(res.status).toBe(503);
      expect(res.headers.get('x-portcullis-error-code')).toBe('limit_store_unavailable');
      expect(performance.now() - started).toBeLessThan(2_000);
    }
  });

  it('fail-open: requests keep flowing, unmetered', async () => {
    const { t, redis } = await gatewayOnRedis('fail-open');
    await stopProcess(redis);
    for (let i = 0; i < 3; i++) expect((await chat(t)).status).toBe(200);
  });
});
