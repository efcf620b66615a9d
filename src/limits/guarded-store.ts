import { LimitStoreError, type LimitStore } from './types.js';

/**
 * Bounds every counter-store call on the request path: a store that does not answer within
 * `timeoutMs` is treated as failed, so an outage never hangs a request.
 */
export function withTimeout(store: LimitStore, timeoutMs: number): LimitStore {
  const bounded = <T>(work: Promise<T>, what: string): Promise<T> =>
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
    admit: (specs, id, nowMs) => bounded(store.admit(specs, id, nowMs), 'admit'),
    settle: (reservation, actual, nowMs) => bounded(store.settle(reservation, actual, nowMs), 'settle'),
    peek: (specs, nowMs) => bounded(store.peek(specs, nowMs), 'peek'),
    claimOnce: (key, ttlMs, nowMs) => bounded(store.claimOnce(key, ttlMs, nowMs), 'claim'),
    close: () => store.close(),
  };
}
