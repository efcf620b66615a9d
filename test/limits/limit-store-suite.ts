import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CounterSpec, LimitStore } from '../../src/limits/types.js';

/**
 * The one suite every limit-store backend passes: memory, SQLite, Redis and PostgreSQL. Time is
 * passed in, so windows and periods are tested without waiting. Counter names are unique per
 * test so backends that persist (Redis, PostgreSQL) need no cleanup between runs.
 */
export function limitStoreSuite(name: string, open: () => Promise<LimitStore> | LimitStore): void {
  describe(`limit store contract: ${name}`, () => {
    const MINUTE = 60_000;
    // A fixed start, aligned to a minute and a day, near the real clock (backends may set TTLs).
    const T0 = Math.floor(Date.now() / 86_400_000) * 86_400_000 + 3 * MINUTE;
    const unique = (label: string): string => `${label}:${randomUUID()}`;
    const win = (n: string, limit: number, amount: number): CounterSpec => ({ name: n, kind: 'window', limit, amount, windowMs: MINUTE });
    const period = (n: string, limit: number, amount: number, start = T0 - 3 * MINUTE): CounterSpec => ({
      name: n,
      kind: 'period',
      limit,
      amount,
      windowMs: 0,
      periodStartMs: start,
      periodEndMs: start + 86_400_000,
    });
    const conc = (n: string, limit: number): CounterSpec => ({ name: n, kind: 'concurrency', limit, amount: 1, windowMs: MINUTE });

    it('admits within the limit and refuses beyond it, with a retry time', async () => {
      const store = await open();
      const n = unique('rpm');
      for (let i = 0; i < 3; i++) expect((await store.admit([win(n, 3, 1)], randomUUID(), T0 + i)).ok).toBe(true);
      const refused = await store.admit([win(n, 3, 1)], randomUUID(), T0 + 10);
      expect(refused.ok).toBe(false);
      if (!refused.ok) {
        expect(refused.rejected).toBe(0);
        expect(refused.retryAfterMs).toBeGreaterThan(0);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(2 * MINUTE);
        expect(refused.states[0]).toMatchObject({ limit: 3, used: 3 });
      }
      await store.close();
    });

    it('reports use after the reservation and the time to reset', async () => {
      const store = await open();
      const n = unique('tpm');
      const admitted = await store.admit([win(n, 100, 40)], randomUUID(), T0 + 15_000);
      expect(admitted.ok).toBe(true);
      expect(admitted.states[0]).toMatchObject({ name: n, limit: 100, used: 40, resetMs: 45_000 });
      expect((await store.peek([win(n, 100, 0)], T0 + 15_000))[0]?.used).toBe(40);
      await store.close();
    });

    it('reserves every counter or none', async () => {
      const store = await open();
      const a = unique('a');
      const b = unique('b');
      expect((await store.admit([win(b, 5, 5)], randomUUID(), T0)).ok).toBe(true);
      const refused = await store.admit([win(a, 10, 3), win(b, 5, 1)], randomUUID(), T0 + 1);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.rejected).toBe(1);
      expect((await store.peek([win(a, 10, 0)], T0 + 2))[0]?.used).toBe(0);
      await store.close();
    });

    it('a request larger than the limit can never fit (retry Infinity)', async () => {
      const store = await open();
      const refused = await store.admit([win(unique('big'), 10, 11)], randomUUID(), T0);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.retryAfterMs).toBe(Infinity);
      await store.close();
    });

    it('the sliding window weighs the previous window by its overlap', async () => {
      const store = await open();
      const n = unique('slide');
      expect((await store.admit([win(n, 100, 100)], randomUUID(), T0)).ok).toBe(true);
      // A quarter into the next window, 75% of the previous 100 still counts.
      const at = T0 + MINUTE + 15_000;
      expect((await store.peek([win(n, 100, 0)], at))[0]?.used).toBe(75);
      expect((await store.admit([win(n, 100, 26)], randomUUID(), at)).ok).toBe(false);
      expect((await store.admit([win(n, 100, 25)], randomUUID(), at)).ok).toBe(true);
      // Two windows later, nothing is left.
      expect((await store.peek([win(n, 100, 0)], T0 + 3 * MINUTE))[0]?.used).toBe(0);
      await store.close();
    });

    it('settles to the actual amount, up or down', async () => {
      const store = await open();
      const n = unique('settle');
      const admitted = await store.admit([win(n, 1000, 500)], randomUUID(), T0);
      if (!admitted.ok) throw new Error('not admitted');
      await store.settle(admitted.reservation, [120], T0 + 5);
      expect((await store.peek([win(n, 1000, 0)], T0 + 6))[0]?.used).toBe(120);
      const again = await store.admit([win(n, 1000, 100)], randomUUID(), T0 + 7);
      if (!again.ok) throw new Error('not admitted');
      await store.settle(again.reservation, [300], T0 + 8);
      expect((await store.peek([win(n, 1000, 0)], T0 + 9))[0]?.used).toBe(420);
      await store.close();
    });

    it('settles into the previous window after a roll-over', async () => {
      const store = await open();
      const n = unique('roll');
      const admitted = await store.admit([win(n, 1000, 400)], randomUUID(), T0 + 59_000);
      if (!admitted.ok) throw new Error('not admitted');
      await store.settle(admitted.reservation, [100], T0 + MINUTE + 30_000);
      // Half of the settled 100 from the previous window still overlaps.
      expect((await store.peek([win(n, 1000, 0)], T0 + MINUTE + 30_000))[0]?.used).toBe(50);
      await store.close();
    });

    it('period totals hold for the period and start again in the next', async () => {
      const store = await open();
      const n = unique('usd-day');
      expect((await store.admit([period(n, 1_000_000, 600_000)], randomUUID(), T0)).ok).toBe(true);
      const refused = await store.admit([period(n, 1_000_000, 500_000)], randomUUID(), T0 + 1);
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.retryAfterMs).toBe(86_400_000 - 3 * MINUTE - 1);
      const nextDay = T0 - 3 * MINUTE + 86_400_000;
      expect((await store.admit([period(n, 1_000_000, 500_000, nextDay)], randomUUID(), nextDay + 5)).ok).toBe(true);
      await store.close();
    });

    it('concurrency leases end at settle and expire if never settled', async () => {
      const store = await open();
      const n = unique('inflight');
      const first = await store.admit([conc(n, 2)], randomUUID(), T0);
      const second = await store.admit([conc(n, 2)], randomUUID(), T0);
      expect(first.ok && second.ok).toBe(true);
      expect((await store.admit([conc(n, 2)], randomUUID(), T0)).ok).toBe(false);
      if (first.ok) await store.settle(first.reservation, [1], T0 + 1);
      expect((await store.admit([conc(n, 2)], randomUUID(), T0 + 2)).ok).toBe(true);
      // The holders died: after the lease length, their slots come back.
      expect((await store.admit([conc(n, 2)], randomUUID(), T0 + MINUTE + 10)).ok).toBe(true);
      await store.close();
    });

    it('claims once: the first caller wins until the claim expires', async () => {
      const store = await open();
      const key = unique('alert');
      const claims = await Promise.all(Array.from({ length: 20 }, () => store.claimOnce(key, MINUTE, T0)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.claimOnce(key, MINUTE, T0 + 1000)).toBe(false);
      await store.close();
    });

    it('200 parallel admissions against room for 10: exactly 10 pass', async () => {
      const store = await open();
      const n = unique('race');
      const b = unique('race-budget');
      const results = await Promise.all(
        Array.from({ length: 200 }, () => store.admit([win(n, 1_000_000, 1), period(b, 10_000, 1_000)], randomUUID(), T0)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      expect((await store.peek([period(b, 10_000, 0)], T0))[0]?.used).toBe(10_000);
      await store.close();
    });
  });
}
