import { describe, expect, it } from 'vitest';
import { withTimeout } from './guarded-store.js';
import { createMemoryLimitStore } from './memory/memory-limit-store.js';
import { LimitStoreError, type CounterSpec, type LimitStore } from './types.js';

const spec: CounterSpec = { name: 'rpm:key:k', kind: 'window', limit: 10, amount: 1, windowMs: 60_000 };

describe('withTimeout: bounded calls and a circuit breaker around any counter store', () => {
  it('passes answers through', async () => {
    const store = withTimeout(createMemoryLimitStore(), 100);
    expect((await store.admit([spec], 'r1', Date.now())).ok).toBe(true);
  });

  it('a store that never answers fails within the timeout', async () => {
    const hanging: LimitStore = { ...createMemoryLimitStore(), admit: () => new Promise(() => undefined) };
    const store = withTimeout(hanging, 50);
    const started = performance.now();
    await expect(store.admit([spec], 'r1', Date.now())).rejects.toBeInstanceOf(LimitStoreError);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('after repeated failures the circuit opens and calls fail at once, then a probe closes it', async () => {
    let down = true;
    let calls = 0;
    const base = createMemoryLimitStore();
    const flaky: LimitStore = {
      ...base,
      admit: (...args) => {
        calls++;
        return down ? Promise.reject(new Error('connection refused')) : base.admit(...args);
      },
    };
    const store = withTimeout(flaky, 50, { failureThreshold: 3, cooldownMs: 100 });
    for (let i = 0; i < 3; i++) await expect(store.admit([spec], `r${i}`, Date.now())).rejects.toThrow('connection refused');
    await expect(store.admit([spec], 'r4', Date.now())).rejects.toThrow(/circuit open/);
    expect(calls).toBe(3); // the open circuit did not touch the store
    down = false;
    await new Promise((r) => setTimeout(r, 120));
    expect((await store.admit([spec], 'r5', Date.now())).ok).toBe(true);
  });
});
