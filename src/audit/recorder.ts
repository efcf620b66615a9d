import type { Logger } from 'pino';
import type { AlertSink } from '../observe/alerts.js';
import type { AuditStore } from '../store/types.js';
import type { AuditEvent } from './event.js';

export interface AuditRecorder {
  record(event: AuditEvent): void;
  /**
   * Writes everything queued, retrying a failing store a few times; what still cannot be written
   * is counted in `dropped`. Called on shutdown.
   */
  flush(): Promise<void>;
  /** Events not stored: the queue was full, or the store still failed at the final flush. */
  readonly dropped: number;
  /** Events the store has committed (acknowledged: they survive a crash of the gateway). */
  readonly acknowledged: number;
  /** Events accepted and not yet committed: queued, being written, or waiting for a retry. */
  readonly pending: number;
}

export interface AuditRecorderOptions {
  readonly store: AuditStore | undefined;
  /** The stdout audit sink (one line per event); undefined when `audit.stdout` is off. */
  readonly logger: Logger | undefined;
  /** Where the recorder reports its own trouble (failed writes, drops); defaults to `logger`. */
  readonly opsLogger?: Logger;
  readonly alerts?: AlertSink;
  /** Called with each batch once the store committed it. */
  readonly onCommitted?: (events: readonly AuditEvent[]) => void;
  readonly flushIntervalMs?: number;
  readonly maxQueue?: number;
  /** A batch is written as soon as this many events wait, without waiting for the interval. */
  readonly maxBatch?: number;
  /** Longest wait between two retries of a failing store write. */
  readonly retryMaxMs?: number;
}

/** Write attempts at the final flush before the remaining events are given up. */
const FINAL_ATTEMPTS = 3;
/** One alert per kind at most this often; the counts in the next one include everything since. */
const ALERT_EVERY_MS = 60_000;

/**
 * Audit sinks: one JSON log line per event, immediately, and the store, in batches (one SQLite
 * transaction per batch keeps the per-request cost to a queue push).
 *
 * A batch goes at most `flushIntervalMs` after its first event, or as soon as `maxBatch` events
 * wait. Batches are written one at a time, in order. An event is **acknowledged** when the store
 * has committed its batch (`onCommitted`, `acknowledged`): a crash after that loses nothing. A
 * crash before it loses what was queued: at most `flushIntervalMs` of events, plus any waiting
 * for a retry.
 *
 * A failed write is not dropped: the batch goes back to the head of the queue and is retried with
 * exponential backoff (100 ms doubling up to `retryMaxMs`), while new events keep queueing. The
 * queue is bounded (`maxQueue`, counting events being written): beyond it new events are not
 * stored, and each is counted in `dropped` and raises (at most once a minute) an `audit_dropped`
 * alert, rather than growing memory without end.
 */
export function createAuditRecorder(options: AuditRecorderOptions): AuditRecorder {
  const { store, logger } = options;
  const ops = options.opsLogger ?? logger;
  const maxQueue = options.maxQueue ?? 50_000;
  const maxBatch = options.maxBatch ?? 1000;
  const flushIntervalMs = options.flushIntervalMs ?? 100;
  const retryMaxMs = options.retryMaxMs ?? 5_000;
  let queue: AuditEvent[] = [];
  let dropped = 0;
  let acknowledged = 0;
  let inFlight = 0;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  /** Every write goes through this chain: batches are written one at a time and in order. */
  let chain: Promise<void> = Promise.resolve();
  const lastAlert = new Map<string, number>();

  const alert = (kind: 'audit_dropped' | 'audit_write_failed', message: string, evidence: Record<string, string | number | null>): void => {
    const now = Date.now();
    if (now - (lastAlert.get(kind) ?? -Infinity) < ALERT_EVERY_MS) return;
    lastAlert.set(kind, now);
    options.alerts?.emit({ kind, time: new Date(now).toISOString(), subject: 'audit store', message, evidence });
  };

  const cancelTimer = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };

  const schedule = (delayMs: number): void => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void enqueueWrite(true);
    }, delayMs);
  };

  /** Writes one batch; false when the store failed (the batch is back at the queue's head). */
  const writeBatch = async (batch: AuditEvent[]): Promise<boolean> => {
    if (!store) return true;
    inFlight += batch.length;
    try {
      await store.appendAudit(batch);
      acknowledged += batch.length;
      failures = 0;
      options.onCommitted?.(batch);
      return true;
    } catch (err) {
      failures++;
      queue = batch.concat(queue);
      ops?.error({ err: (err as Error).message, events: batch.length, attempt: failures, pending: queue.length }, 'audit store write failed; will retry');
      alert('audit_write_failed', 'The audit store write failed; events are kept in memory and retried.', {
        error: (err as Error).message.slice(0, 200),
        pending: queue.length,
      });
      return false;
    } finally {
      inFlight -= batch.length;
    }
  };

  /** Full batches (or everything, when `all`); after a failure, a retry is scheduled. */
  const drain = async (all: boolean): Promise<void> => {
    while (queue.length >= (all ? 1 : maxBatch)) {
      if (!(await writeBatch(queue.splice(0, maxBatch)))) {
        schedule(Math.min(retryMaxMs, 100 * 2 ** Math.min(failures - 1, 16)));
        return;
      }
    }
    if (queue.length > 0) schedule(flushIntervalMs);
  };

  const enqueueWrite = (all: boolean): Promise<void> => {
    chain = chain.then(() => drain(all));
    return chain;
  };

  return {
    get dropped() {
      return dropped;
    },
    get acknowledged() {
      return acknowledged;
    },
    get pending() {
      return queue.length + inFlight;
    },
    record(event) {
      logger?.info({ audit: event }, 'audit');
      if (!store) return;
      if (queue.length + inFlight >= maxQueue) {
        dropped++;
        ops?.error({ requestId: event.requestId, dropped }, 'audit queue full: event not stored');
        alert('audit_dropped', `The audit queue is full (${maxQueue} events): events are not stored.`, { reason: 'queue_full', dropped, maxQueue });
        return;
      }
      queue.push(event);
      if (queue.length === maxBatch && failures === 0) void enqueueWrite(false);
      else if (failures === 0) schedule(flushIntervalMs);
    },
    async flush() {
      cancelTimer();
      for (let attempt = 1; ; attempt++) {
        await enqueueWrite(true);
        // A failed write scheduled a retry: this loop retries instead.
        cancelTimer();
        if (queue.length === 0 || !store) return;
        if (attempt >= FINAL_ATTEMPTS) break;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
      const lost = queue.length;
      queue = [];
      dropped += lost;
      ops?.error({ events: lost, dropped }, 'audit store still failing at the final flush: events not stored');
      lastAlert.delete('audit_dropped');
      alert('audit_dropped', `The audit store failed at shutdown: ${lost} events were not stored.`, { reason: 'store_failed_at_flush', lost, dropped });
    },
  };
}
