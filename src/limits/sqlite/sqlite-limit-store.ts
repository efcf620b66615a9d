import { openSqlite } from '../../store/sqlite/open.js';
import { admitted, lookConcurrency, lookPeriod, lookWindow, refusalOf, type CounterLook } from '../decide.js';
import { LimitStoreError, type Admission, type CounterSpec, type CounterState, type LimitStore } from '../types.js';
import { windowBucket } from '../window-math.js';

interface TallyRow {
  bucket: number;
  current: number;
  previous: number;
}

/**
 * Counters in the embedded SQLite file: durable across restarts, and atomic across the processes
 * of one machine (each admission is one IMMEDIATE transaction, which takes the write lock first).
 * Same arithmetic as the memory store.
 */
export function createSqliteLimitStore(path: string): LimitStore {
  const db = openSqlite(path);
  const getTally = db.prepare('SELECT bucket, current, previous FROM limit_tallies WHERE name = ?');
  const putTally = db.prepare(
    `INSERT INTO limit_tallies (name, bucket, current, previous, expires_ms) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(name) DO UPDATE SET bucket = excluded.bucket, current = excluded.current, previous = excluded.previous,
       expires_ms = MAX(expires_ms, excluded.expires_ms)`,
  );
  const countLeases = db.prepare('SELECT COUNT(*) AS n, MIN(expires_ms) AS next FROM limit_leases WHERE name = ? AND expires_ms > ?');
  const dropExpiredLeases = db.prepare('DELETE FROM limit_leases WHERE name = ? AND expires_ms <= ?');
  const addLease = db.prepare('INSERT OR REPLACE INTO limit_leases (name, id, expires_ms) VALUES (?, ?, ?)');
  const endLease = db.prepare('DELETE FROM limit_leases WHERE name = ? AND id = ?');
  const sweepTallies = db.prepare('DELETE FROM limit_tallies WHERE expires_ms < ?');
  let operations = 0;

  /** The tally rolled forward to `bucket`, as the memory store does. */
  function rolled(name: string, bucket: number, consecutive: boolean): TallyRow {
    const row = getTally.get(name) as TallyRow | undefined;
    if (!row) return { bucket, current: 0, previous: 0 };
    if (bucket <= row.bucket) return row;
    return { bucket, current: 0, previous: consecutive && bucket === row.bucket + 1 ? row.current : 0 };
  }

  function look(spec: CounterSpec, nowMs: number): CounterLook & { tally?: TallyRow } {
    switch (spec.kind) {
      case 'window': {
        const bucket = windowBucket(nowMs, spec.windowMs);
        const t = rolled(spec.name, bucket, true);
        return { ...lookWindow(spec, t.previous, t.current, bucket, nowMs), tally: t };
      }
      case 'period': {
        const bucket = spec.periodStartMs ?? 0;
        const t = rolled(spec.name, bucket, false);
        return { ...lookPeriod(spec, t.current, bucket, nowMs), tally: t };
      }
      case 'concurrency': {
        dropExpiredLeases.run(spec.name, nowMs);
        const row = countLeases.get(spec.name, nowMs) as { n: number; next: number | null };
        return lookConcurrency(spec, row.n, row.next ?? undefined, nowMs);
      }
    }
  }

  const admit = db.transaction((specs: readonly CounterSpec[], id: string, nowMs: number): Admission => {
    if (++operations % 10_000 === 0) sweepTallies.run(nowMs);
    const seen = specs.map((spec) => look(spec, nowMs));
    const refusal = refusalOf(specs, seen);
    if (refusal) return refusal;
    specs.forEach((spec, i) => {
      const s = seen[i]!;
      if (spec.kind === 'concurrency') addLease.run(spec.name, id, nowMs + spec.windowMs);
      else {
        const expires = spec.kind === 'window' ? (s.bucket + 2) * spec.windowMs : (spec.periodEndMs ?? nowMs);
        putTally.run(spec.name, s.bucket, s.tally!.current + spec.amount, s.tally!.previous, expires);
      }
    });
    return admitted(specs, seen, id);
  });

  const updateCurrent = db.prepare('UPDATE limit_tallies SET current = MAX(0, current + ?) WHERE name = ? AND bucket = ?');
  const updatePrevious = db.prepare('UPDATE limit_tallies SET previous = MAX(0, previous + ?) WHERE name = ? AND bucket = ?');
  const settle = db.transaction((reservation: Parameters<LimitStore['settle']>[0], actual: readonly number[]) => {
    reservation.items.forEach((item, i) => {
      if (item.kind === 'concurrency') {
        endLease.run(item.name, reservation.id);
        return;
      }
      const delta = (actual[i] ?? item.amount) - item.amount;
      if (delta === 0) return;
      // Booked in a window or period that has passed: it no longer counts anywhere.
      if (updateCurrent.run(delta, item.name, item.bucket).changes === 0 && item.kind === 'window') {
        updatePrevious.run(delta, item.name, item.bucket + 1);
      }
    });
  });

  const guard = <T>(work: () => T): Promise<T> => {
    try {
      return Promise.resolve(work());
    } catch (err) {
      return Promise.reject(new LimitStoreError(`sqlite limit store: ${(err as Error).message}`));
    }
  };

  const claim = db.prepare('INSERT INTO limit_claims (key, expires_ms) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET expires_ms = excluded.expires_ms WHERE limit_claims.expires_ms <= ?');

  return {
    kind: 'sqlite',
    claimOnce: (key, ttlMs, nowMs) => guard(() => claim.run(key, nowMs + ttlMs, nowMs).changes > 0),
    admit: (specs, id, nowMs) => guard(() => admit.immediate(specs, id, nowMs)),
    settle: (reservation, actual) =>
      guard(() => {
        settle.immediate(reservation, actual);
      }),
    peek: (specs, nowMs) =>
      guard(() =>
        specs.map((spec): CounterState => {
          const s = look(spec, nowMs);
          return { name: spec.name, limit: spec.limit, used: s.used, resetMs: s.reset };
        }),
      ),
    close: () =>
      guard(() => {
        if (db.open) db.close();
      }),
  };
}
