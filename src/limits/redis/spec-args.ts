import type { CounterSpec, ReservedItem } from '../types.js';
import { windowBucket } from '../window-math.js';
import { counterKey, LEASE_TTL_MARGIN_MS, PERIOD_TTL_MARGIN_MS, WINDOW_TTL_MARGIN_MS } from './keys.js';

/**
 * Turning specs into script KEYS and ARGV (layouts documented in admit-script.ts,
 * settle-script.ts and peek-script.ts), after checking that every number is a safe integer:
 * the scripts do integer arithmetic (INCRBY) and Lua's doubles are exact only up to 2^53.
 */

export function checkInteger(what: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`Redis limit store: ${what} must be an integer >= ${min} (got ${String(value)})`);
  }
}

export function checkSpec(spec: CounterSpec): void {
  checkInteger(`limit of "${spec.name}"`, spec.limit, 0);
  checkInteger(`amount of "${spec.name}"`, spec.amount, 0);
  if (spec.kind === 'period') {
    if (spec.periodStartMs !== undefined) checkInteger(`periodStartMs of "${spec.name}"`, spec.periodStartMs, 0);
    if (spec.periodEndMs !== undefined) checkInteger(`periodEndMs of "${spec.name}"`, spec.periodEndMs, 0);
  } else {
    checkInteger(`windowMs of "${spec.name}"`, spec.windowMs, 1);
  }
}

export interface ScriptCall {
  readonly keys: string[];
  readonly args: string[];
}

/** Where a spec books its amount: window index, period start, or 0 for concurrency. */
export function bucketOf(spec: CounterSpec, nowMs: number): number {
  switch (spec.kind) {
    case 'window':
      return windowBucket(nowMs, spec.windowMs);
    case 'period':
      return spec.periodStartMs ?? 0;
    case 'concurrency':
      return 0;
  }
}

/** Two keys per spec: the booked key, and the previous window's (or the booked key again). */
function pushKeys(keys: string[], prefix: string, spec: CounterSpec, bucket: number): void {
  const key = counterKey(prefix, spec.name, spec.kind, bucket);
  keys.push(key, spec.kind === 'window' ? counterKey(prefix, spec.name, 'window', bucket - 1) : key);
}

const KIND_CODE = { window: 'w', period: 'p', concurrency: 'c' } as const;

export function admitCall(prefix: string, specs: readonly CounterSpec[], reservationId: string, nowMs: number): ScriptCall {
  const keys: string[] = [];
  const args = [String(nowMs), reservationId];
  for (const spec of specs) {
    pushKeys(keys, prefix, spec, bucketOf(spec, nowMs));
    let span: number;
    let ttlMs: number;
    switch (spec.kind) {
      case 'window':
        // A bucket matters while it is the current or the previous window: two windows at most.
        span = spec.windowMs;
        ttlMs = 2 * spec.windowMs + WINDOW_TTL_MARGIN_MS;
        break;
      case 'period': {
        span = spec.periodEndMs ?? nowMs;
        ttlMs = Math.max(0, span - nowMs) + PERIOD_TTL_MARGIN_MS;
        break;
      }
      case 'concurrency':
        span = spec.windowMs;
        ttlMs = LEASE_TTL_MARGIN_MS;
        break;
    }
    args.push(KIND_CODE[spec.kind], String(spec.limit), String(spec.amount), String(span), String(ttlMs));
  }
  return { keys, args };
}

export function peekCall(prefix: string, specs: readonly CounterSpec[], nowMs: number): ScriptCall {
  const keys: string[] = [];
  const args = [String(nowMs)];
  for (const spec of specs) {
    pushKeys(keys, prefix, spec, bucketOf(spec, nowMs));
    args.push(KIND_CODE[spec.kind]);
  }
  return { keys, args };
}

/**
 * Settle only what changes anything: every lease (it ends), and amount items whose delta is not
 * zero and whose bucket still counts — a window bucket two or more windows old counts nowhere,
 * as in the memory store.
 */
export function settleCall(
  prefix: string,
  reservationId: string,
  items: readonly ReservedItem[],
  actual: readonly number[],
  nowMs: number,
): ScriptCall {
  const keys: string[] = [];
  const args = [reservationId];
  items.forEach((item, i) => {
    const key = counterKey(prefix, item.name, item.kind, item.bucket);
    if (item.kind === 'concurrency') {
      keys.push(key);
      args.push('c', '0');
      return;
    }
    const delta = (actual[i] ?? item.amount) - item.amount;
    if (delta === 0) return;
    if (item.kind === 'window' && windowBucket(nowMs, item.windowMs) > item.bucket + 1) return;
    keys.push(key);
    args.push(KIND_CODE[item.kind], String(delta));
  });
  return { keys, args };
}
