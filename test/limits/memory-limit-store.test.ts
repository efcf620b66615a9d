import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { createMemoryLimitStore } from '../../src/limits/memory/memory-limit-store.js';
import { syncCounters } from '../../src/limits/sync.js';
import { createRateLimitStage } from '../../src/pipeline/stages/rate-limit.js';
import { makeContext } from '../helpers/context.js';
import { limitStoreSuite } from './limit-store-suite.js';

limitStoreSuite('memory', () => createMemoryLimitStore());

const T0 = Date.UTC(2026, 2, 1, 12, 0, 30);

describe('memory counters without promises', () => {
  const spec = { name: 'rpm:key:k', kind: 'window' as const, limit: 2, amount: 1, windowMs: 60_000 };

  it('offers a synchronous admit and settle with the same counters as the async ones', async () => {
    const store = createMemoryLimitStore();
    const sync = syncCounters(store);
    expect(sync).toBeDefined();
    const first = sync!.admit([spec], 'r1', T0);
    expect(first.ok).toBe(true);
    expect((await store.admit([spec], 'r2', T0)).ok).toBe(true);
    // Both forms book against the same counter: the third request is refused by either.
    expect(sync!.admit([spec], 'r3', T0).ok).toBe(false);
    if (first.ok) sync!.settle(first.reservation, [0], T0);
    expect((await store.peek([spec], T0))[0]?.used).toBe(1);
  });

  it('is not used once admit or settle is replaced (a wrapper or test double sees every call)', () => {
    const store = createMemoryLimitStore();
    expect(syncCounters({ ...store })).toBeDefined();
    expect(syncCounters({ ...store, admit: (specs, id, now) => store.admit(specs, id, now) })).toBeUndefined();
    expect(syncCounters({ ...store, settle: (r, a, now) => store.settle(r, a, now) })).toBeUndefined();
    const mutated = createMemoryLimitStore();
    const admit = mutated.admit.bind(mutated);
    mutated.admit = (specs, id, now) => admit(specs, id, now);
    expect(syncCounters(mutated)).toBeUndefined();
  });

  it('lets the rate-limit stage decide without a promise, and with one through a wrapped store', async () => {
    const config = parseConfig({ environments: { dev: { limits: { perKey: { requestsPerMinute: 1 } } } } }, 'test');
    const logger = pino({ level: 'silent' });
    const store = createMemoryLimitStore();
    const key = { id: 'key_sync', name: 'k', environment: 'dev', user: null, allowedModels: null, createdAt: '', expiresAt: null, revokedAt: null, rotatedAt: null };
    const stage = createRateLimitStage(config, { limits: store, logger, now: () => T0 });
    const ctx = makeContext({ key, environment: 'dev' });
    const allowed = stage.run(ctx);
    expect(allowed).not.toBeInstanceOf(Promise);
    expect(allowed).toEqual({ type: 'allow' });
    expect(ctx.responseHeaders['x-ratelimit-remaining-requests']).toBe('0');
    const refused = stage.run(makeContext({ key, environment: 'dev' }));
    expect(refused).toMatchObject({ type: 'deny', code: 'rate_limited' });
    await stage.settle?.(ctx, { forwarded: true, usage: null });

    let calls = 0;
    const wrapped = { ...createMemoryLimitStore() };
    const inner = wrapped.admit.bind(wrapped);
    wrapped.admit = (specs, id, now) => {
      calls++;
      return inner(specs, id, now);
    };
    const viaWrapper = createRateLimitStage(config, { limits: wrapped, logger, now: () => T0 });
    const pending = viaWrapper.run(makeContext({ key, environment: 'dev' }));
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toEqual({ type: 'allow' });
    expect(calls).toBe(1);
  });
});
