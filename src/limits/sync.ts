import type { Admission, CounterSpec, LimitStore, Reservation } from './types.js';

/**
 * The synchronous form of a counter store whose counters live in this process (memory): the
 * limit stages then admit and settle without a promise per request. Same semantics as the
 * store's `admit` and `settle`; a throw is a store failure.
 */
export interface SyncCounters {
  admit(specs: readonly CounterSpec[], reservationId: string, nowMs: number): Admission;
  settle(reservation: Reservation, actual: readonly number[], nowMs: number): void;
}

interface Registered {
  readonly settle: LimitStore['settle'];
  readonly sync: SyncCounters;
}

/** Keyed by the store's own `admit` function, so a wrapper that replaces it is never bypassed. */
const registered = new WeakMap<LimitStore['admit'], Registered>();

export function registerSyncCounters<T extends LimitStore>(store: T, sync: SyncCounters): T {
  // The methods serve as identity keys here, never as calls.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  registered.set(store.admit, { settle: store.settle, sync });
  return store;
}

/**
 * The synchronous form, when the store has one and its `admit` and `settle` are still its own (a
 * test double or a wrapper that replaces either gets the promise path, and sees every call).
 */
export function syncCounters(store: LimitStore): SyncCounters | undefined {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- an identity key, never called
  const entry = registered.get(store.admit);
  return entry !== undefined && entry.settle === store.settle ? entry.sync : undefined;
}
