import { createCircuitBreaker, DEFAULT_BREAKER, type BreakerOptions } from './circuit-breaker.js';
import { LimitStoreError, type LimitStore } from './types.js';

/**
 * Bounds every counter-store call on the request path: a store that does not answer within
 * `timeoutMs` is treated as failed, and after repeated failures a circuit breaker refuses at
 * once until a probe succeeds, so an outage never hangs a request nor costs each one a timeout.
 */
export function withTimeout(store: LimitStore, timeoutMs: number, breakerOptions: BreakerOptions = DEFAULT_BREAKER): LimitStore {
  const breaker = createCircuitBreaker(
    breakerOptions,
    ({ failures, retryInMs }) =>
      new LimitStoreError(`${store.kind} limit store unavailable: circuit open after ${failures} consecutive failures; next attempt in ${retryInMs} ms`),
  );
  const bounded = <T>(work: () => Promise<T>, what: string): Promise<T> => breaker.run(() => timed(work(), what));
  const timed = <T>(work: Promise<T>, what: string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new LimitStoreError(`${store.kind} limit store: ${what} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      work.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err instanceof LimitStoreError ? err : new LimitStoreError(`${store.kind} limit store: ${(err as Error).message}`));
        },
      );
    });
  return {
    kind: store.kind,
    admit: (specs, id, nowMs) => bounded(() => store.admit(specs, id, nowMs), 'admit'),
    settle: (reservation, actual, nowMs) => bounded(() => store.settle(reservation, actual, nowMs), 'settle'),
    peek: (specs, nowMs) => bounded(() => store.peek(specs, nowMs), 'peek'),
    claimOnce: (key, ttlMs, nowMs) => bounded(() => store.claimOnce(key, ttlMs, nowMs), 'claim'),
    close: () => store.close(),
  };
}
