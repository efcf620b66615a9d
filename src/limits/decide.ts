import type { Admission, CounterSpec, CounterState, Reservation, ReservedItem } from './types.js';

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
