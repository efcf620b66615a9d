import type { Admission, CounterSpec, CounterState, Reservation, ReservedItem } from './types.js';
import { slidingUse, windowResetMs, windowRetryAfterMs } from './window-math.js';

/** What a store saw of one counter before deciding (the same shape in every backend). */
export interface CounterLook {
  readonly used: number;
  /** Wait until the spec's amount would fit; Infinity when it never can. */
  readonly retry: number;
  readonly reset: number;
  /** Where this request's amount is booked: window index, period start, or 0. */
  readonly bucket: number;
}

/**
 * The admission rule every backend shares: all counters fit, or the first that does not is the
 * refusal. Each store looks and books in its own storage; this decides between the two.
 */
export function refusalOf(specs: readonly CounterSpec[], seen: readonly CounterLook[]): Admission | undefined {
  const rejected = specs.findIndex((spec, i) => seen[i]!.used + spec.amount > spec.limit);
  if (rejected === -1) return undefined;
  return { ok: false, rejected, retryAfterMs: seen[rejected]!.retry, states: statesOf(specs, seen, false) };
}

/** The admitted answer, after the store booked every amount. */
export function admitted(specs: readonly CounterSpec[], seen: readonly CounterLook[], reservationId: string): Admission {
  const items = specs.map((spec, i): ReservedItem => ({ name: spec.name, kind: spec.kind, bucket: seen[i]!.bucket, amount: spec.amount, windowMs: spec.windowMs }));
  const reservation: Reservation = { id: reservationId, items };
  return { ok: true, reservation, states: statesOf(specs, seen, true) };
}

function statesOf(specs: readonly CounterSpec[], seen: readonly CounterLook[], booked: boolean): CounterState[] {
  return specs.map((spec, i) => ({ name: spec.name, limit: spec.limit, used: seen[i]!.used + (booked ? spec.amount : 0), resetMs: seen[i]!.reset }));
}

/** A sliding-window counter's view, from its two windows' totals. */
export function lookWindow(spec: CounterSpec, previous: number, current: number, bucket: number, nowMs: number): CounterLook {
  return {
    used: slidingUse(previous, current, nowMs, spec.windowMs),
    retry: windowRetryAfterMs(previous, current, spec.amount, spec.limit, nowMs, spec.windowMs),
    reset: windowResetMs(nowMs, spec.windowMs),
    bucket,
  };
}

/** A calendar-period total's view: it frees up only when the period ends. */
export function lookPeriod(spec: CounterSpec, used: number, bucket: number, nowMs: number): CounterLook {
  const reset = Math.max(0, (spec.periodEndMs ?? nowMs) - nowMs);
  return { used, retry: spec.amount > spec.limit ? Infinity : reset, reset, bucket };
}

/** Concurrency leases' view: a slot frees when a holder settles (retry in a second) or its lease ends. */
export function lookConcurrency(spec: CounterSpec, held: number, nextExpiryMs: number | undefined, nowMs: number): CounterLook {
  const nextExpiry = Math.min(nextExpiryMs ?? Infinity, nowMs + spec.windowMs);
  return { used: held, retry: spec.amount > spec.limit ? Infinity : 1000, reset: Math.max(0, nextExpiry - nowMs), bucket: 0 };
}
