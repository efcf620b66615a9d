import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisLimitStore } from '../../src/limits/redis/index.js';
import { LimitStoreError, type CounterSpec, type LimitStore } from '../../src/limits/types.js';
import { freePort, hasRedisServer, startRedisServer, stopProcess } from '../helpers/redis-server.js';

/**
 * What a Redis outage does to the limit store: it must reject in bounded time (never hang a
 * request), open its circuit so later calls fail at once, and recover by itself. Each test runs
 * its own throwaway redis-server on a free port — the shared server on 6379 is never touched.
 */
if (!hasRedisServer && process.env.CI) {
  throw new Error('redis-server is not on PATH: CI must run the Redis outage tests (install redis-server)');
}

if (!hasRedisServer) {
  console.warn('Skipping the Redis outage tests: redis-server is not on PATH.');
  describe.skip('redis limit store under an outage (redis-server not on PATH)', () => {
    it('needs redis-server', () => undefined);
  });
} else {
  describe('redis limit store under an outage', () => {
    const MINUTE = 60_000;
    const servers = new Set<ChildProcess>();
    const stores = new Set<LimitStore>();
    const keyPrefix = `portcullis-outage:${randomUUID()}:`;
    const spec: CounterSpec = { name: `rpm:${randomUUID()}`, kind: 'window', limit: 1_000_000, amount: 1, windowMs: MINUTE };
    const admitNow = (store: LimitStore) => store.admit([spec], randomUUID(), Date.now());

    function open(options: Parameters<typeof createRedisLimitStore>[0]): LimitStore {
      const store = createRedisLimitStore(options);
      stores.add(store);
      return store;
    }

    async function startRedis(port: number, ...extra: string[]): Promise<ChildProcess> {
      const child = await startRedisServer(port, ...extra);
      servers.add(child);
      child.once('exit', () => servers.delete(child));
      return child;
    }

    const stop = stopProcess;

    /** Resolves to the time `task` took to settle, and its rejection if any. */
    async function timed(task: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
      const started = performance.now();
      try {
        await task();
        return { ms: performance.now() - started, error: undefined };
      } catch (error) {
        return { ms: performance.now() - started, error };
      }
    }

    afterAll(async () => {
      await Promise.all([...stores].map((store) => store.close()));
      for (const child of servers) child.kill('SIGCONT');
      await Promise.all([...servers].map((child) => stop(child)));
    });

    it('Redis killed mid-test: bounded rejections, then the circuit opens (fail fast), then recovery after restart', async () => {
      const port = await freePort();
      let server = await startRedis(port);
      const cooldownMs = 500;
      const store = open({ url: `redis://127.0.0.1:${port}`, keyPrefix, commandTimeoutMs: 200, breaker: { failureThreshold: 3, cooldownMs } });
      // A fresh server has no scripts cached: this also covers EVALSHA → NOSCRIPT → EVAL.
      expect((await admitNow(store)).ok).toBe(true);

      await stop(server);
      for (let i = 0; i < 3; i++) {
        const { ms, error } = await timed(() => admitNow(store));
        expect(error).toBeInstanceOf(LimitStoreError);
        expect(ms).toBeLessThan(1_000);
      }
      // Open: refused without touching Redis.
      const fast = await timed(() => admitNow(store));
      expect(fast.error).toBeInstanceOf(LimitStoreError);
      expect((fast.error as Error).message).toMatch(/circuit open after 3 consecutive failures/);
      expect(fast.ms).toBeLessThan(50);
      const peekFast = await timed(() => store.peek([spec], Date.now()));
      expect(peekFast.error).toBeInstanceOf(LimitStoreError);
      expect(peekFast.ms).toBeLessThan(50);

      server = await startRedis(port);
      await sleep(cooldownMs);
      // The client reconnects in the background (backoff up to 1 s); the next probe then passes.
      const deadline = Date.now() + 5_000;
      let recovered = false;
      while (Date.now() < deadline) {
        try {
          recovered = (await admitNow(store)).ok;
          break;
        } catch (error) {
          expect(error).toBeInstanceOf(LimitStoreError);
          await sleep(100);
        }
      }
      expect(recovered).toBe(true);
      expect((await store.peek([{ ...spec, amount: 0 }], Date.now()))[0]?.used).toBeGreaterThanOrEqual(1);
      await store.close();
      await stop(server);
    });

    it('a stalled Redis (no replies) times out per command instead of hanging', async () => {
      const port = await freePort();
      const server = await startRedis(port);
      const store = open({ url: `redis://127.0.0.1:${port}`, keyPrefix, commandTimeoutMs: 150, breaker: { failureThreshold: 5, cooldownMs: 500 } });
      expect((await admitNow(store)).ok).toBe(true);
      server.kill('SIGSTOP');
      try {
        const { ms, error } = await timed(() => admitNow(store));
        expect(error).toBeInstanceOf(LimitStoreError);
        expect((error as Error).message).toMatch(/timed out/i);
        expect(ms).toBeLessThan(1_000);
      } finally {
        server.kill('SIGCONT');
      }
      // One failure is below the threshold: the next call goes to Redis and succeeds.
      expect((await admitNow(store)).ok).toBe(true);
      await store.close();
      await stop(server);
    });

    it('Redis down at startup: bounded rejection, and the URL password never appears', async () => {
      const port = await freePort();
      const password = `pw-${randomUUID()}`;
      const store = open({ url: `redis://gateway:${password}@127.0.0.1:${port}/0`, keyPrefix, connectTimeoutMs: 300 });
      const { ms, error } = await timed(() => admitNow(store));
      expect(error).toBeInstanceOf(LimitStoreError);
      expect(ms).toBeLessThan(1_000);
      const message = (error as Error).message;
      expect(message).not.toContain(password);
      expect(message).toContain(`redis://gateway:***@127.0.0.1:${port}/0`);
      await store.close();
    });

    it('a wrong password is a LimitStoreError that does not echo it; the right one works', async () => {
      const port = await freePort();
      const password = `right-${randomUUID()}`;
      const server = await startRedis(port, '--requirepass', password);
      const wrong = `wrong-${randomUUID()}`;
      const refused = open({ url: `redis://:${wrong}@127.0.0.1:${port}`, keyPrefix, connectTimeoutMs: 300 });
      const { ms, error } = await timed(() => admitNow(refused));
      expect(error).toBeInstanceOf(LimitStoreError);
      expect(ms).toBeLessThan(1_000);
      expect((error as Error).message).not.toContain(wrong);
      const store = open({ url: `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}`, keyPrefix });
      expect((await admitNow(store)).ok).toBe(true);
      await Promise.all([refused.close(), store.close()]);
      await stop(server);
    });
  });
}
