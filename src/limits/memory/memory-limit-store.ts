import { admitted, lookConcurrency, lookPeriod, lookWindow, refusalOf, type CounterLook } from '../decide.js';
import type { Admission, CounterSpec, CounterState, LimitStore, Reservation } from '../types.js';
import { registerSyncCounters } from '../sync.js';
import { windowBucket } from '../window-math.js';

/** One counter's booked amounts: `current` in `bucket`, `previous` in the one before. */
interface Tally {
  bucket: number;
  current: number;
  previous: number;
  /** When the tally stops mattering (two windows on, or the period end), for the sweep. */
  expiresMs: number;
}

const SWEEP_EVERY = 10_000;

/**
 * Counters in process memory. JavaScript runs one admission at a time, so check-and-reserve is
 * atomic within a process; several instances need the Redis or PostgreSQL store.
 */
export function createMemoryLimitStore(): LimitStore {
  const tallies = new Map<string, Tally>();
  const leases = new Map<string, Map<string, number>>();
  let operations = 0;

  /** The tally rolled forward to `bucket` (a new window or period starts from zero). */
  function tally(name: string, bucket: number, consecutive: boolean, expiresMs: number): Tally {
    let t = tallies.get(name);
    if (!t) {
      t = { bucket, current: 0, previous: 0, expiresMs };
      tallies.set(name, t);
    } else if (t.bucket !== bucket && bucket > t.bucket) {
      t.previous = consecutive && bucket === t.bucket + 1 ? t.current : 0;
      t.current = 0;
      t.bucket = bucket;
    }
    t.expiresMs = Math.max(t.expiresMs, expiresMs);
    return t;
  }

  function liveLeases(name: string, nowMs: number): Map<string, number> {
    let held = leases.get(name);
    if (!held) {
      held = new Map();
      leases.set(name, held);
    }
    for (const [id, expires] of held) if (expires <= nowMs) held.delete(id);
    return held;
  }

  function look(spec: CounterSpec, nowMs: number): CounterLook {
    switch (spec.kind) {
      case 'window': {
        const bucket = windowBucket(nowMs, spec.windowMs);
        const t = tally(spec.name, bucket, true, (bucket + 2) * spec.windowMs);
        return lookWindow(spec, t.previous, t.current, bucket, nowMs);
      }
      case 'period': {
        const bucket = spec.periodStartMs ?? 0;
        const t = tally(spec.name, bucket, false, spec.periodEndMs ?? nowMs);
        return lookPeriod(spec, t.current, bucket, nowMs);
      }
      case 'concurrency': {
        const held = liveLeases(spec.name, nowMs);
        return lookConcurrency(spec, held.size, held.size > 0 ? Math.min(...held.values()) : undefined, nowMs);
      }
    }
  }

  function sweep(nowMs: number): void {
    // Per-IP and per-user counters come and go; drop the dead ones now and then.
    if (++operations % SWEEP_EVERY !== 0) return;
    for (const [name, t] of tallies) if (t.expiresMs < nowMs) tallies.delete(name);
    for (const [name, held] of leases) if (held.size === 0) leases.delete(name);
  }

  const claims = new Map<string, number>();

  function admit(specs: readonly CounterSpec[], reservationId: string, nowMs: number): Admission {
    sweep(nowMs);
    const seen = specs.map((spec) => look(spec, nowMs));
    const refusal = refusalOf(specs, seen);
    if (refusal) return refusal;
    for (const spec of specs) {
      if (spec.kind === 'concurrency') liveLeases(spec.name, nowMs).set(reservationId, nowMs + spec.windowMs);
      else tallies.get(spec.name)!.current += spec.amount;
    }
    return admitted(specs, seen, reservationId);
  }

  function settle(reservation: Reservation, actual: readonly number[]): void {
    reservation.items.forEach((item, i) => {
      if (item.kind === 'concurrency') {
        leases.get(item.name)?.delete(reservation.id);
        return;
      }
      const t = tallies.get(item.name);
      const delta = (actual[i] ?? item.amount) - item.amount;
      // Amounts booked in a window or period that has since passed no longer count anywhere.
      if (t?.bucket === item.bucket) t.current = Math.max(0, t.current + delta);
      else if (t && item.kind === 'window' && t.bucket === item.bucket + 1) t.previous = Math.max(0, t.previous + delta);
    });
  }

  return registerSyncCounters<LimitStore>({
    kind: 'memory',
    claimOnce(key, ttlMs, nowMs) {
      const until = claims.get(key);
      if (until !== undefined && until > nowMs) return Promise.resolve(false);
      claims.set(key, nowMs + ttlMs);
      return Promise.resolve(true);
    },
    admit: (specs, reservationId, nowMs) => settled(() => admit(specs, reservationId, nowMs)),
    settle: (reservation, actual) =>
      settled(() => {
        settle(reservation, actual);
      }),
    peek(specs, nowMs) {
      return Promise.resolve(
        specs.map((spec): CounterState => {
          const s = look(spec, nowMs);
          return { name: spec.name, limit: spec.limit, used: s.used, resetMs: s.reset };
        }),
      );
    },
    close: () => Promise.resolve(),
    },
    { admit, settle },
  );
}

/** The promise form of a synchronous step: a throw becomes a rejection, as from a network store. */
function settled<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
