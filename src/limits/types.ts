/**
 * Counters behind every rate limit, token limit, concurrency limit and budget. A request is
 * admitted by RESERVING its worst case against every counter that applies, in one atomic step,
 * and later SETTLED to what it really used. So concurrent requests cannot overshoot any limit:
 * each sees the others' reservations. See docs/limits.md.
 */

/**
 * - `window`: a sliding-window counter (two fixed windows, the previous one weighted by how much
 *   of it still overlaps the sliding window) — requests or tokens per minute.
 * - `period`: a calendar-period total (a day or a month) — budgets, in micro-dollars.
 * - `concurrency`: in-flight leases; a lease ends at settle, or expires if its holder died.
 */
export type CounterKind = 'window' | 'period' | 'concurrency';

export interface CounterSpec {
  /** Stable counter name, e.g. `tpm:key:key_abc` or `usd-month:env:prod`. */
  readonly name: string;
  readonly kind: CounterKind;
  /** Integer units: requests, tokens, micro-USD or in-flight requests. */
  readonly limit: number;
  /** What this request reserves, in the same units. */
  readonly amount: number;
  /** `window`: the window length. `concurrency`: the lease length. `period`: unused (0). */
  readonly windowMs: number;
  /** `period` only: the current calendar period. */
  readonly periodStartMs?: number;
  readonly periodEndMs?: number;
}

export interface CounterState {
  readonly name: string;
  readonly limit: number;
  /** Use including this request's reservation when admitted; before it when refused. */
  readonly used: number;
  /** Time until the counter's current use has (mostly) cleared: window roll-over or period end. */
  readonly resetMs: number;
}

export interface ReservedItem {
  readonly name: string;
  readonly kind: CounterKind;
  /** Window index, period start, or 0 for concurrency: where the amount was booked. */
  readonly bucket: number;
  readonly amount: number;
  readonly windowMs: number;
}

export interface Reservation {
  readonly id: string;
  readonly items: readonly ReservedItem[];
}

export type Admission =
  | { readonly ok: true; readonly reservation: Reservation; readonly states: readonly CounterState[] }
  | {
      readonly ok: false;
      /** Index of the first spec that did not fit. */
      readonly rejected: number;
      /** When a retry could fit; Infinity when the request alone exceeds the limit. */
      readonly retryAfterMs: number;
      readonly states: readonly CounterState[];
    };

export interface LimitStore {
  readonly kind: string;
  /** Reserves every spec or none. */
  admit(specs: readonly CounterSpec[], reservationId: string, nowMs: number): Promise<Admission>;
  /** Replaces each reserved amount by the actual one (index-aligned with the items); leases end. */
  settle(reservation: Reservation, actual: readonly number[], nowMs: number): Promise<void>;

  /** Current use, reserving nothing (budget alerts, reports). */
  peek(specs: readonly CounterSpec[], nowMs: number): Promise<CounterState[]>;
  /**
   * True for the first caller of `key` within `ttlMs` (across every instance sharing the
   * store): alerts are raised once, not once per gateway.
   */
  claimOnce(key: string, ttlMs: number, nowMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export class LimitStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LimitStoreError';
  }
}
