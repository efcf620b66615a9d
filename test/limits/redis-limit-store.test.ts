import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisLimitStore } from '../../src/limits/redis/index.js';
import { createMemoryLimitStore } from '../../src/limits/memory/memory-limit-store.js';
import type { CounterSpec, Reservation } from '../../src/limits/types.js';
import { limitStoreSuite } from './limit-store-suite.js';

/**
 * The shared contract against a real Redis (REDIS_URL). Locally, without REDIS_URL, the suite is
 * skipped with a note; under CI a missing REDIS_URL fails the run, so the Redis backend can never
 * go untested by accident.
 */
const url = process.env.REDIS_URL;
if (!url && process.env.CI) {
  throw new Error('REDIS_URL is not set: CI must run the Redis limit-store suite against a real Redis (e.g. redis://127.0.0.1:6379)');
}

if (!url) {
  console.warn('Skipping the Redis limit-store suite: set REDIS_URL (e.g. redis://127.0.0.1:6379) to run it.');
  describe.skip('limit store contract: redis (REDIS_URL not set)', () => {
    it('needs REDIS_URL', () => undefined);
  });
} else {
  // One prefix per run: runs never see each other's counters, and the keys are easy to find.
  const keyPrefix = `portcullis-test:${randomUUID()}:`;
  limitStoreSuite('redis', () => createRedisLimitStore({ url, keyPrefix }));

  describe('redis limit store', () => {
    const MINUTE = 60_000;
    const T0 = Math.floor(Date.now() / MINUTE) * MINUTE;
    const raw = new Redis(url, { lazyConnect: true });

    afterAll(async () => {
      const keys = await raw.keys(`${keyPrefix}*`);
      if (keys.length > 0) await raw.del(...keys);
      await raw.quit();
    });

    it('two gateway instances (two connections) share the limit: 200 parallel admissions, room for 10, exactly 10 pass', async () => {
      const a = createRedisLimitStore({ url, keyPrefix });
      const b = createRedisLimitStore({ url, keyPrefix });
      const rpm: CounterSpec = { name: `rpm:${randomUUID()}`, kind: 'window', limit: 10, amount: 1, windowMs: MINUTE };
      const inflight: CounterSpec = { name: `inflight:${randomUUID()}`, kind: 'concurrency', limit: 1_000, amount: 1, windowMs: MINUTE };
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? a : b).admit([inflight, rpm], randomUUID(), T0 + 1_000)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      // The refused ones reserved nothing: not a lease, not a request.
      const [inflightState, rpmState] = await a.peek([inflight, rpm], T0 + 1_000);
      expect(inflightState?.used).toBe(10);
      expect(rpmState?.used).toBe(10);
      await Promise.all([a.close(), b.close()]);
    });

    it('keeps every key in the {portcullis} slot, with a TTL', async () => {
      const store = createRedisLimitStore({ url, keyPrefix });
      const id = randomUUID();
      const specs: CounterSpec[] = [
        { name: `tpm:${id}`, kind: 'window', limit: 100, amount: 5, windowMs: MINUTE },
        { name: `usd:${id}`, kind: 'period', limit: 100, amount: 5, windowMs: 0, periodStartMs: T0, periodEndMs: T0 + 86_400_000 },
        { name: `conc:${id}`, kind: 'concurrency', limit: 100, amount: 1, windowMs: MINUTE },
      ];
      expect((await store.admit(specs, randomUUID(), Date.now())).ok).toBe(true);
      const keys = await raw.keys(`${keyPrefix}*${id}*`);
      expect(keys).toHaveLength(3);
      for (const key of keys) {
        expect(key.startsWith(`${keyPrefix}{portcullis}:`)).toBe(true);
        const ttl = await raw.pttl(key);
        expect(ttl).toBeGreaterThan(0);
      }
      const [window] = keys.filter((k) => k.includes('tpm:'));
      // Two windows and a margin, not forever.
      expect(await raw.pttl(window!)).toBeLessThanOrEqual(2 * MINUTE + 10_000);
      // Redis Cluster hashes only the first {…} of a key: all three share one slot.
      expect(new Set(keys.map(hashTag))).toEqual(new Set(['portcullis']));
      await store.close();
    });

    it('settle never takes a counter below zero, and does not resurrect an expired bucket', async () => {
      const store = createRedisLimitStore({ url, keyPrefix });
      const n = `tpm:${randomUUID()}`;
      const spec: CounterSpec = { name: n, kind: 'window', limit: 1_000, amount: 100, windowMs: MINUTE };
      const first = await store.admit([spec], randomUUID(), T0 + 1);
      if (!first.ok) throw new Error('not admitted');
      await raw.decrby(`${keyPrefix}{portcullis}:${n}@${T0 / MINUTE}`, 60);
      await store.settle(first.reservation, [0], T0 + 2);
      expect((await store.peek([{ ...spec, amount: 0 }], T0 + 3))[0]?.used).toBe(0);
      expect(await raw.get(`${keyPrefix}{portcullis}:${n}@${T0 / MINUTE}`)).toBe('0');
      // Expired: the settle leaves no key behind.
      await raw.del(`${keyPrefix}{portcullis}:${n}@${T0 / MINUTE}`);
      await store.settle(first.reservation, [500], T0 + 4);
      expect(await raw.exists(`${keyPrefix}{portcullis}:${n}@${T0 / MINUTE}`)).toBe(0);
      await store.close();
    });

    it('agrees with the memory store, operation by operation, on a random workload', async () => {
      const redis = createRedisLimitStore({ url, keyPrefix });
      const memory = createMemoryLimitStore();
      const random = seeded(20_240_601);
      const pick = (n: number): number => Math.floor(random() * n);
      const run = randomUUID();
      const DAY = 86_400_000;
      let now = T0;
      const held: Reservation[] = [];
      const outcomes = { admitted: 0, refused: 0, settled: 0, peeked: 0 };
      for (let step = 0; step < 400; step++) {
        now += pick(4) === 0 ? pick(90_000) : pick(3_000);
        // Budget periods aligned to T0, not to UTC midnight: the workload spans about 1.3 hours, and
        // a period that rolled over mid-run (a run started between 23:12 and 23:32 UTC) refused so
        // little that the outcome counts below fell short: the test failed by time of day.
        const day = T0 + Math.floor((now - T0) / DAY) * DAY;
        const all: CounterSpec[] = [
          { name: `rpm:${run}`, kind: 'window', limit: 20, amount: 1, windowMs: MINUTE },
          { name: `tpm:${run}`, kind: 'window', limit: 5_000, amount: 1 + pick(900), windowMs: 7_000 },
          { name: `usd:${run}`, kind: 'period', limit: 400_000, amount: pick(20_000), windowMs: 0, periodStartMs: day, periodEndMs: day + DAY },
          { name: `conc:${run}`, kind: 'concurrency', limit: 4, amount: 1, windowMs: 30_000 },
        ];
        const specs = all.filter(() => pick(3) !== 0);
        const action = pick(3);
        if (action === 0 && held.length > 0) {
          const reservation = held.splice(pick(held.length), 1)[0]!;
          const actual = reservation.items.map((item) => (pick(2) === 0 ? item.amount : pick(2 * item.amount + 2)));
          await redis.settle(reservation, actual, now);
          await memory.settle(reservation, actual, now);
          outcomes.settled++;
        } else if (action === 1) {
          const zeroed = specs.map((spec) => ({ ...spec, amount: 0 }));
          expect(await redis.peek(zeroed, now), `peek at step ${step}`).toEqual(await memory.peek(zeroed, now));
          outcomes.peeked++;
        } else {
          const id = randomUUID();
          const fromRedis = await redis.admit(specs, id, now);
          const fromMemory = await memory.admit(specs, id, now);
          expect(fromRedis, `admit at step ${step}`).toEqual(fromMemory);
          if (fromRedis.ok) held.push(fromRedis.reservation);
          outcomes[fromRedis.ok ? 'admitted' : 'refused']++;
        }
      }
      // The workload really exercised both answers and the settle paths.
      for (const count of Object.values(outcomes)) expect(count).toBeGreaterThan(20);
      await Promise.all([redis.close(), memory.close()]);
    });

    it('refuses non-integer amounts before touching Redis', async () => {
      const store = createRedisLimitStore({ url, keyPrefix });
      await expect(store.admit([{ name: 'x', kind: 'window', limit: 10, amount: 1.5, windowMs: MINUTE }], randomUUID(), T0)).rejects.toThrow(RangeError);
      await store.close();
    });

    it('rejects with LimitStoreError once closed', async () => {
      const store = createRedisLimitStore({ url, keyPrefix });
      await store.close();
      await expect(store.peek([{ name: 'x', kind: 'window', limit: 10, amount: 1, windowMs: MINUTE }], T0)).rejects.toMatchObject({ name: 'LimitStoreError' });
    });
  });
}

/** Redis Cluster's hash tag rule: the part between the first `{` and the next `}`, if not empty. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

/** A small deterministic PRNG (mulberry32), so a failing workload can be replayed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
