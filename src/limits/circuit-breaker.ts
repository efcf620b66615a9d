/**
 * A circuit breaker, so that an outage fails fast instead of costing every request a timeout.
 *
 *   closed ──(failureThreshold consecutive failures)──▶ open
 *   open ──(cooldownMs passed; the next call is let through as a probe)──▶ half-open
 *   half-open ──probe succeeds──▶ closed      half-open ──probe fails──▶ open (cooldown again)
 *
 * While open, and while a half-open probe is in flight, calls are refused at once without
 * touching the backend. Pattern: https://martinfowler.com/bliki/CircuitBreaker.html
 */
export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before one probe is let through. */
  readonly cooldownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreaker {
  readonly state: BreakerState;
  /** Runs `task` unless the circuit is open, and records its outcome. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

export const DEFAULT_BREAKER: BreakerOptions = { failureThreshold: 5, cooldownMs: 5_000 };

/** Why a call was refused without trying: the failures so far and the wait until the next probe. */
export interface OpenCircuit {
  readonly failures: number;
  readonly retryInMs: number;
}

export function createCircuitBreaker(
  options: BreakerOptions,
  refuse: (open: OpenCircuit) => Error,
  clock: () => number = () => performance.now(),
): CircuitBreaker {
  if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
    throw new RangeError('circuit breaker: failureThreshold must be an integer >= 1');
  }
  if (!Number.isFinite(options.cooldownMs) || options.cooldownMs < 0) throw new RangeError('circuit breaker: cooldownMs must be >= 0');

  let state: BreakerState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let probing = false;

  function admitCall(): Error | undefined {
    if (state === 'closed') return undefined;
    const retryInMs = Math.max(0, Math.ceil(openedAt + options.cooldownMs - clock()));
    if (state === 'open' && retryInMs === 0) state = 'half-open';
    if (state === 'half-open' && !probing) {
      probing = true;
      return undefined;
    }
    return refuse({ failures, retryInMs });
  }

  function succeeded(): void {
    state = 'closed';
    failures = 0;
    probing = false;
  }

  function failed(): void {
    failures++;
    if (state === 'half-open' || failures >= options.failureThreshold) {
      state = 'open';
      openedAt = clock();
    }
    probing = false;
  }

  return {
    get state() {
      return state;
    },
    async run(task) {
      const refused = admitCall();
      if (refused) throw refused;
      try {
        const result = await task();
        succeeded();
        return result;
      } catch (error) {
        failed();
        throw error;
      }
    },
  };
}
