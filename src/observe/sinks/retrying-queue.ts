import type { AlertDestination } from '../alert-hub.js';
import type { StoredAlert } from '../alerts.js';

/** A delivery failure; `retry` false for answers retrying cannot fix (a 400 from the receiver). */
export class DeliveryError extends Error {
  readonly retry: boolean;
  constructor(message: string, retry: boolean) {
    super(message);
    this.name = 'DeliveryError';
    this.retry = retry;
  }
}

export interface DeliveryCounters {
  /** An alert this destination finally could not deliver (or had to drop: queue full). */
  failed(destination: string, reason: 'exhausted' | 'rejected' | 'queue_full'): void;
  retried(destination: string): void;
}

export interface RetryOptions {
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly maxPending: number;
  readonly counters?: DeliveryCounters;
  /** Told about each final failure (name and reason only: never the URL or the body). */
  readonly onFailure?: (destination: string, alertId: string, err: Error) => void;
  /** Waits between attempts; tests pass a short one. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * A destination that delivers one alert at a time, in order, retrying with exponential backoff
 * and jitter (initial × 2^n, capped). Pending alerts are bounded; beyond the bound new ones are
 * dropped and counted. Nothing here runs on a request's path: `accept` only queues.
 */
export function retryingDestination(name: string, deliver: (alert: StoredAlert) => Promise<void>, options: RetryOptions): AlertDestination {
  const queue: StoredAlert[] = [];
  let running: Promise<void> | undefined;
  let closed = false;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));

  const deliverWithRetry = async (alert: StoredAlert): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await deliver(alert);
        return;
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        const retry = !(error instanceof DeliveryError) || error.retry;
        if (!retry || attempt >= options.maxAttempts || closed) {
          options.counters?.failed(name, retry ? 'exhausted' : 'rejected');
          options.onFailure?.(name, alert.id, error);
          return;
        }
        options.counters?.retried(name);
        const backoff = Math.min(options.maxBackoffMs, options.initialBackoffMs * 2 ** (attempt - 1));
        // Full jitter on the upper half, so many gateways do not retry in step.
        await sleep(backoff / 2 + Math.random() * (backoff / 2));
      }
    }
  };

  const run = async (): Promise<void> => {
    for (let alert = queue.shift(); alert; alert = queue.shift()) await deliverWithRetry(alert);
    running = undefined;
  };

  return {
    name,
    accept(alert) {
      if (closed) return;
      if (queue.length >= options.maxPending) {
        options.counters?.failed(name, 'queue_full');
        options.onFailure?.(name, alert.id, new Error('delivery queue full'));
        return;
      }
      queue.push(alert);
      running ??= run();
    },
    async close(timeoutMs) {
      const pending = running;
      if (pending) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([pending, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
        clearTimeout(timer);
      }
      closed = true;
    },
  };
}
