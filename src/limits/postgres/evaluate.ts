import { lookConcurrency, lookPeriod, lookWindow, type CounterLook } from '../decide.js';
import type { CounterSpec } from '../types.js';
import { windowBucket } from '../window-math.js';

/**
 * The counter rules of src/limits/memory/memory-limit-store.ts, as pure functions over rows read
 * from PostgreSQL, so both backends agree (the shared suite checks it).
 */
export interface WindowRow {
  readonly bucket: number;
  readonly current: number;
  readonly previous: number;
}

export interface LeaseRow {
  readonly held: number;
  readonly nextExpiryMs: number;
}

/** The rows an admission or a peek read, keyed by counter name (periods: name + start). */
export interface Rows {
  readonly windows: ReadonlyMap<string, WindowRow>;
  readonly periods: ReadonlyMap<string, number>;
  readonly leases: ReadonlyMap<string, LeaseRow>;
}

export type Look = CounterLook;

export const periodKey = (name: string, startMs: number): string => `${name}\u0000${String(startMs)}`;

/** The row rolled forward to `bucket`: a window that moved on by one keeps its total as previous. */
export function rollWindow(row: WindowRow | undefined, bucket: number): WindowRow {
  if (!row) return { bucket, current: 0, previous: 0 };
  // A row ahead of `bucket` (another instance's clock runs ahead) is used as it is.
  if (bucket <= row.bucket) return row;
  return { bucket, current: 0, previous: bucket === row.bucket + 1 ? row.current : 0 };
}

/** A period's row key; whole milliseconds (the column is bigint). */
export function periodStart(spec: CounterSpec): number {
  return Math.floor(spec.periodStartMs ?? 0);
}

/** Until when a row matters: two windows on, the period end, or the lease end. */
export function expiresMs(spec: CounterSpec, nowMs: number): number {
  switch (spec.kind) {
    case 'window':
      return (windowBucket(nowMs, spec.windowMs) + 2) * spec.windowMs;
    case 'period':
      return Math.ceil(spec.periodEndMs ?? nowMs);
    case 'concurrency':
      return Math.ceil(nowMs + spec.windowMs);
  }
}

export function look(spec: CounterSpec, rows: Rows, nowMs: number): Look {
  switch (spec.kind) {
    case 'window': {
      const bucket = windowBucket(nowMs, spec.windowMs);
      const t = rollWindow(rows.windows.get(spec.name), bucket);
      return lookWindow(spec, t.previous, t.current, bucket, nowMs);
    }
    case 'period': {
      const bucket = periodStart(spec);
      return lookPeriod(spec, rows.periods.get(periodKey(spec.name, bucket)) ?? 0, bucket, nowMs);
    }
    case 'concurrency': {
      const lease = rows.leases.get(spec.name);
      return lookConcurrency(spec, lease?.held ?? 0, lease?.nextExpiryMs, nowMs);
    }
  }
}
