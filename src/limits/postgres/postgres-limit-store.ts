import type pg from 'pg';
import { openMigrated } from '../../store/postgres/migrate.js';
import type { PostgresOptions } from '../../store/postgres/pool.js';
import { connectionSecrets, describeError, guardWith } from '../../store/postgres/redact.js';
import { inTransaction } from '../../store/postgres/transaction.js';
import { windowBucket } from '../window-math.js';
import { admitted, refusalOf } from '../decide.js';
import { LimitStoreError, type Admission, type CounterSpec, type CounterState, type LimitStore } from '../types.js';
import { expiresMs, look, periodKey, periodStart, rollWindow, type LeaseRow, type Rows, type WindowRow } from './evaluate.js';
import { LIMIT_MIGRATIONS } from './schema.js';

export type PostgresLimitStoreOptions = PostgresOptions;

/** Further attempts after a deadlock or serialization failure (rare: locks are taken in order). */
const RETRIES = 4;
/** Every this many admissions per instance, expired rows are deleted, at most PRUNE_BATCH a table. */
const PRUNE_EVERY = 1_000;
const PRUNE_BATCH = 1_000;

/**
 * Code-unit order, the same in every gateway instance. Rows are locked in this order through
 * `unnest(...) WITH ORDINALITY ... ORDER BY n`, never through `ORDER BY name`, whose collation
 * could order differently.
 */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface Sql {
  readonly params: unknown[];
  /** Adds a bind parameter and returns its placeholder. */
  readonly p: (value: unknown) => string;
}

function sql(): Sql {
  const params: unknown[] = [];
  return {
    params,
    p: (value) => {
      params.push(value);
      return `$${params.length}`;
    },
  };
}

/**
 * Counters in PostgreSQL, shared by every gateway instance. One admission is one read-committed
 * transaction that locks the rows of every counter involved (windows, then periods, then an
 * advisory lock per concurrency counter, each in name order, so two admissions never wait on
 * each other in a cycle), checks every spec, and books all or none. See docs/stores.md.
 */
export async function createPostgresLimitStore(options: PostgresLimitStoreOptions): Promise<LimitStore> {
  const secrets = connectionSecrets(options.connectionString);
  const fail = (err: unknown): LimitStoreError => new LimitStoreError(`postgres limit store: ${describeError(err, secrets).message}`);
  const schema = options.schema ?? 'public';
  const { pool, s } = await openMigrated(
    options,
    { name: 'limits', applicationName: 'portcullis-limits', statementTimeoutMs: 2_000, migrations: LIMIT_MIGRATIONS },
    fail,
  );

  const guard = guardWith(fail);

  /**
   * Creates missing window rows and locks all of them, in name order, in one statement: the
   * upsert takes each row's lock as it reaches it (and waits for a concurrent insert of the same
   * name to finish), then returns the committed values.
   */
  async function lockWindows(client: pg.PoolClient, specs: readonly CounterSpec[], nowMs: number): Promise<Map<string, WindowRow>> {
    const first = new Map<string, CounterSpec>();
    for (const spec of specs) if (!first.has(spec.name)) first.set(spec.name, spec);
    const names = [...first.keys()].sort(byName);
    const q = sql();
    const { rows } = await client.query<{ name: string; bucket: string; current: number; previous: number }>(
      `INSERT INTO ${s}.limit_windows AS t (name, bucket, current, previous, expires_ms)
       SELECT u.name, u.bucket, 0, 0, u.expires_ms
       FROM unnest(${q.p(names)}::text[], ${q.p(names.map((n) => windowBucket(nowMs, first.get(n)!.windowMs)))}::bigint[], ${q.p(
         names.map((n) => expiresMs(first.get(n)!, nowMs)),
       )}::bigint[]) WITH ORDINALITY AS u (name, bucket, expires_ms, n)
       ORDER BY u.n
       ON CONFLICT (name) DO UPDATE SET expires_ms = greatest(t.expires_ms, excluded.expires_ms)
       RETURNING t.name, t.bucket, t.current, t.previous`,
      q.params,
    );
    return new Map(rows.map((r) => [r.name, { bucket: Number(r.bucket), current: r.current, previous: r.previous }]));
  }

  async function lockPeriods(client: pg.PoolClient, specs: readonly CounterSpec[], nowMs: number): Promise<Map<string, number>> {
    const byKey = new Map<string, { name: string; start: number; expires: number }>();
    for (const spec of specs) {
      const key = periodKey(spec.name, periodStart(spec));
      const expires = expiresMs(spec, nowMs);
      const seen = byKey.get(key);
      byKey.set(key, { name: spec.name, start: periodStart(spec), expires: Math.max(seen?.expires ?? expires, expires) });
    }
    const keys = [...byKey.values()].sort((a, b) => byName(a.name, b.name) || a.start - b.start);
    const q = sql();
    const { rows } = await client.query<{ name: string; period_start_ms: string; used: number }>(
      `INSERT INTO ${s}.limit_periods AS t (name, period_start_ms, used, expires_ms)
       SELECT u.name, u.start, 0, u.expires_ms
       FROM unnest(${q.p(keys.map((k) => k.name))}::text[], ${q.p(keys.map((k) => k.start))}::bigint[], ${q.p(
         keys.map((k) => k.expires),
       )}::bigint[]) WITH ORDINALITY AS u (name, start, expires_ms, n)
       ORDER BY u.n
       ON CONFLICT (name, period_start_ms) DO UPDATE SET expires_ms = greatest(t.expires_ms, excluded.expires_ms)
       RETURNING t.name, t.period_start_ms, t.used`,
      q.params,
    );
    return new Map(rows.map((r) => [periodKey(r.name, Number(r.period_start_ms)), r.used]));
  }

  /**
   * Lease rows come and go, so there is no row to lock: an advisory lock per counter name
   * serializes admissions to the same concurrency counter, and the count runs after it, in its
   * own statement, so it sees every lease committed before the lock was granted.
   */
  async function lockLeases(client: pg.PoolClient, names: readonly string[], nowMs: number): Promise<Map<string, LeaseRow>> {
    await client.query(
      `SELECT pg_advisory_xact_lock(hashtextextended(u.key, 0))
       FROM (SELECT key FROM unnest($1::text[]) WITH ORDINALITY AS k (key, n) ORDER BY n OFFSET 0) AS u`,
      [names.map((n) => `portcullis:lease:${schema}:${n}`)],
    );
    const { rows } = await client.query<{ name: string; held: number; next: string }>(
      `SELECT name, count(*)::int AS held, min(expires_ms) AS next FROM ${s}.limit_leases
       WHERE name = ANY($1::text[]) AND expires_ms > $2 GROUP BY name`,
      [names, Math.floor(nowMs)],
    );
    return new Map(rows.map((r) => [r.name, { held: r.held, nextExpiryMs: Number(r.next) }]));
  }

  async function admitOnce(client: pg.PoolClient, specs: readonly CounterSpec[], reservationId: string, nowMs: number): Promise<Admission> {
    const of = (kind: CounterSpec['kind']): CounterSpec[] => specs.filter((spec) => spec.kind === kind);
    const leaseNames = [...new Set(of('concurrency').map((spec) => spec.name))].sort(byName);
    const rows: Rows = {
      windows: of('window').length > 0 ? await lockWindows(client, of('window'), nowMs) : new Map(),
      periods: of('period').length > 0 ? await lockPeriods(client, of('period'), nowMs) : new Map(),
      leases: leaseNames.length > 0 ? await lockLeases(client, leaseNames, nowMs) : new Map(),
    };

    const seen = specs.map((spec) => look(spec, rows, nowMs));
    const refusal = refusalOf(specs, seen);
    if (refusal) return refusal;

    // Book: windows get their rolled-forward values (their rows are locked), periods an increment.
    const windows = new Map<string, { -readonly [K in keyof WindowRow]: WindowRow[K] }>();
    const periods = new Map<string, { name: string; start: number; amount: number }>();
    const leases = new Map<string, number>();
    specs.forEach((spec, i) => {
      const bucket = seen[i]!.bucket;
      switch (spec.kind) {
        case 'window': {
          const row = windows.get(spec.name) ?? { ...rollWindow(rows.windows.get(spec.name), bucket) };
          row.current += spec.amount;
          windows.set(spec.name, row);
          break;
        }
        case 'period': {
          const key = periodKey(spec.name, bucket);
          const row = periods.get(key) ?? { name: spec.name, start: bucket, amount: 0 };
          row.amount += spec.amount;
          periods.set(key, row);
          break;
        }
        case 'concurrency':
          leases.set(spec.name, Math.max(leases.get(spec.name) ?? 0, expiresMs(spec, nowMs)));
          break;
      }
    });
    const q = sql();
    const parts: string[] = [];
    if (windows.size > 0) {
      const names = [...windows.keys()];
      const w = names.map((n) => windows.get(n)!);
      parts.push(`w AS (
        UPDATE ${s}.limit_windows AS t SET bucket = u.bucket, current = u.current, previous = u.previous
        FROM unnest(${q.p(names)}::text[], ${q.p(w.map((r) => r.bucket))}::bigint[], ${q.p(w.map((r) => r.current))}::float8[], ${q.p(
          w.map((r) => r.previous),
        )}::float8[]) AS u (name, bucket, current, previous)
        WHERE t.name = u.name)`);
    }
    if (periods.size > 0) {
      const p = [...periods.values()];
      parts.push(`p AS (
        UPDATE ${s}.limit_periods AS t SET used = t.used + u.amount
        FROM unnest(${q.p(p.map((r) => r.name))}::text[], ${q.p(p.map((r) => r.start))}::bigint[], ${q.p(
          p.map((r) => r.amount),
        )}::float8[]) AS u (name, start, amount)
        WHERE t.name = u.name AND t.period_start_ms = u.start)`);
    }
    if (leases.size > 0) {
      const names = [...leases.keys()];
      parts.push(`l AS (
        INSERT INTO ${s}.limit_leases (name, reservation_id, expires_ms)
        SELECT u.name, ${q.p(reservationId)}::text, u.expires_ms FROM unnest(${q.p(names)}::text[], ${q.p(
          names.map((n) => leases.get(n)!),
        )}::bigint[]) AS u (name, expires_ms)
        ON CONFLICT (name, reservation_id) DO UPDATE SET expires_ms = excluded.expires_ms)`);
      // Dead holders' leases for these counters go now; the prune catches the rest.
      parts.push(`d AS (DELETE FROM ${s}.limit_leases WHERE name = ANY(${q.p(names)}::text[]) AND expires_ms <= ${q.p(Math.floor(nowMs))}::bigint)`);
    }
    await client.query(`WITH ${parts.join(',\n')} SELECT 1`, q.params);

    return admitted(specs, seen, reservationId);
  }

  let operations = 0;
  let pruning: Promise<void> | undefined;
  /** Per-IP and per-user counters come and go; now and then, delete the dead rows in the background. */
  function maybePrune(nowMs: number): void {
    if (++operations % PRUNE_EVERY !== 0 || pruning) return;
    pruning = (async () => {
      for (const table of ['limit_windows', 'limit_periods', 'limit_leases']) {
        // SKIP LOCKED: rows an admission holds are left alone, so the prune never waits on one.
        await pool.query(
          `DELETE FROM ${s}.${table} WHERE ctid IN (
             SELECT ctid FROM ${s}.${table} WHERE expires_ms < $1 ORDER BY expires_ms LIMIT $2 FOR UPDATE SKIP LOCKED)`,
          [Math.floor(nowMs), PRUNE_BATCH],
        );
      }
    })()
      // A failed prune costs nothing but space; the next one tries again.
      .catch(() => undefined)
      .finally(() => {
        pruning = undefined;
      });
  }

  let closing: Promise<void> | undefined;

  return {
    kind: 'postgres',
    claimOnce(key, ttlMs, nowMs) {
      return guard(async () => {
        // The first claimer inserts; a later one takes over only an expired claim.
        const { rowCount } = await pool.query(
          `INSERT INTO ${s}.limit_claims (key, expires_ms) VALUES ($1, $2)
           ON CONFLICT (key) DO UPDATE SET expires_ms = EXCLUDED.expires_ms WHERE ${s}.limit_claims.expires_ms <= $3`,
          [key, Math.floor(nowMs + ttlMs), Math.floor(nowMs)],
        );
        return rowCount === 1;
      });
    },
    admit(specs, reservationId, nowMs) {
      if (specs.length === 0) return Promise.resolve<Admission>({ ok: true, reservation: { id: reservationId, items: [] }, states: [] });
      return guard(async () => {
        const admission = await inTransaction(pool, RETRIES, (client) => admitOnce(client, specs, reservationId, nowMs));
        maybePrune(nowMs);
        return admission;
      });
    },
    settle(reservation, actual) {
      const windows = new Map<string, { name: string; bucket: number; delta: number }>();
      const periods = new Map<string, { name: string; start: number; delta: number }>();
      const leases = new Set<string>();
      reservation.items.forEach((item, i) => {
        if (item.kind === 'concurrency') {
          leases.add(item.name);
          return;
        }
        const delta = (actual[i] ?? item.amount) - item.amount;
        if (delta === 0) return;
        const key = periodKey(item.name, item.bucket);
        const into = item.kind === 'window' ? windows : periods;
        const row = into.get(key);
        if (row) row.delta += delta;
        else if (item.kind === 'window') windows.set(key, { name: item.name, bucket: item.bucket, delta });
        else periods.set(key, { name: item.name, start: item.bucket, delta });
      });
      if (windows.size === 0 && periods.size === 0 && leases.size === 0) return Promise.resolve();
      return guard(() =>
        inTransaction(pool, RETRIES, async (client) => {
          // Same lock order as admit: windows, then periods, each by name; leases last.
          if (windows.size > 0) {
            const w = [...windows.values()].sort((a, b) => byName(a.name, b.name));
            const names = w.map((r) => r.name);
            await client.query(
              `SELECT 1 FROM unnest($1::text[]) WITH ORDINALITY AS u (name, n) JOIN ${s}.limit_windows t ON t.name = u.name
               ORDER BY u.n FOR UPDATE OF t`,
              [[...new Set(names)]],
            );
            // An amount booked in a window that has since passed counts nowhere; one window back,
            // it is in `previous`. Never below zero.
            await client.query(
              `UPDATE ${s}.limit_windows AS t SET
                 current = CASE WHEN t.bucket = u.bucket THEN greatest(0, t.current + u.delta) ELSE t.current END,
                 previous = CASE WHEN t.bucket = u.bucket + 1 THEN greatest(0, t.previous + u.delta) ELSE t.previous END
               FROM unnest($1::text[], $2::bigint[], $3::float8[]) AS u (name, bucket, delta)
               WHERE t.name = u.name AND t.bucket IN (u.bucket, u.bucket + 1)`,
              [names, w.map((r) => r.bucket), w.map((r) => r.delta)],
            );
          }
          if (periods.size > 0) {
            const p = [...periods.values()].sort((a, b) => byName(a.name, b.name) || a.start - b.start);
            const params = [p.map((r) => r.name), p.map((r) => r.start)];
            await client.query(
              `SELECT 1 FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS u (name, start, n)
               JOIN ${s}.limit_periods t ON t.name = u.name AND t.period_start_ms = u.start
               ORDER BY u.n FOR UPDATE OF t`,
              params,
            );
            // The period the amount was booked in, whichever period is current now.
            await client.query(
              `UPDATE ${s}.limit_periods AS t SET used = greatest(0, t.used + u.delta)
               FROM unnest($1::text[], $2::bigint[], $3::float8[]) AS u (name, start, delta)
               WHERE t.name = u.name AND t.period_start_ms = u.start`,
              [...params, p.map((r) => r.delta)],
            );
          }
          if (leases.size > 0) {
            await client.query(`DELETE FROM ${s}.limit_leases WHERE reservation_id = $1 AND name = ANY($2::text[])`, [reservation.id, [...leases]]);
          }
        }),
      );
    },
    peek(specs, nowMs) {
      if (specs.length === 0) return Promise.resolve([]);
      return guard(async () => {
        const names = (kind: CounterSpec['kind']): string[] => [...new Set(specs.filter((spec) => spec.kind === kind).map((spec) => spec.name))];
        const periodSpecs = specs.filter((spec) => spec.kind === 'period');
        // One statement, so one snapshot across the three tables; nothing is locked or written.
        const { rows } = await pool.query<{ kind: 'w' | 'p' | 'c'; name: string; a: string; b: number | string; c: number }>(
          `SELECT 'w' AS kind, name, bucket AS a, current AS b, previous AS c FROM ${s}.limit_windows WHERE name = ANY($1::text[])
           UNION ALL
           SELECT 'p', name, period_start_ms, used, 0 FROM ${s}.limit_periods
           WHERE (name, period_start_ms) IN (SELECT * FROM unnest($2::text[], $3::bigint[]))
           UNION ALL
           SELECT 'c', name, count(*), min(expires_ms), 0 FROM ${s}.limit_leases
           WHERE name = ANY($4::text[]) AND expires_ms > $5 GROUP BY name`,
          [names('window'), periodSpecs.map((spec) => spec.name), periodSpecs.map(periodStart), names('concurrency'), Math.floor(nowMs)],
        );
        const read: { windows: Map<string, WindowRow>; periods: Map<string, number>; leases: Map<string, LeaseRow> } = {
          windows: new Map(),
          periods: new Map(),
          leases: new Map(),
        };
        for (const r of rows) {
          if (r.kind === 'w') read.windows.set(r.name, { bucket: Number(r.a), current: Number(r.b), previous: r.c });
          else if (r.kind === 'p') read.periods.set(periodKey(r.name, Number(r.a)), Number(r.b));
          else read.leases.set(r.name, { held: Number(r.a), nextExpiryMs: Number(r.b) });
        }
        return specs.map((spec): CounterState => {
          const l = look(spec, read, nowMs);
          return { name: spec.name, limit: spec.limit, used: l.used, resetMs: l.reset };
        });
      });
    },
    close() {
      closing ??= (async () => {
        await pruning;
        await pool.end();
      })().catch((err: unknown) => {
        throw fail(err);
      });
      return closing;
    },
  };
}
