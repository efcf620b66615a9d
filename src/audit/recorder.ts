import type { Logger } from 'pino';
import type { AuditStore } from '../store/types.js';
import type { AuditEvent } from './event.js';

export interface AuditRecorder {
  record(event: AuditEvent): void;
  /** Writes everything queued; called on shutdown. */
  flush(): Promise<void>;
  /** Events dropped because the queue was full (each one also logged as an error). */
  readonly dropped: number;
}

export interface AuditRecorderOptions {
  readonly store: AuditStore | undefined;
  readonly logger: Logger | undefined;
  readonly flushIntervalMs?: number;
  readonly maxQueue?: number;
  /** A batch is written as soon as this many events wait, without waiting for the interval. */
  readonly maxBatch?: number;
}

/**
 * Audit sinks: one JSON log line per event, immediately, and the store, in batches (one SQLite
 * transaction per batch keeps the per-request cost to a queue push). The queue is bounded; an
 * overflow is counted and logged rather than growing memory without end.
 *
 * A batch goes at most `flushIntervalMs` after its first event, or as soon as `maxBatch` events
 * wait, which bounds a batch's transaction (and what a crash can lose) under heavy load. (Smaller
 * batches did not pay on the benchmark: each costs a hand-over to the SQLite writer thread.)
 */
export function createAuditRecorder(options: AuditRecorderOptions): AuditRecorder {
  const { store, logger } = options;
  const maxQueue = options.maxQueue ?? 50_000;
  const maxBatch = options.maxBatch ?? 1000;
  let queue: AuditEvent[] = [];
  let dropped = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  /** Events handed to the store and not yet written: they count against `maxQueue` too. */
  let inFlight = 0;

  const write = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!store || queue.length === 0) return writing;
    const batch = queue;
    queue = [];
    inFlight += batch.length;
    writing = writing
      .then(() => store.appendAudit(batch))
      .catch((err: unknown) => {
        dropped += batch.length;
        logger?.error({ err: (err as Error).message, events: batch.length }, 'audit store write failed');
      })
      .finally(() => {
        inFlight -= batch.length;
      });
    return writing;
  };

  return {
    get dropped() {
      return dropped;
    },
    record(event) {
      logger?.info({ audit: event }, 'audit');
      if (!store) return;
      if (queue.length + inFlight >= maxQueue) {
        dropped++;
        logger?.error({ requestId: event.requestId }, 'audit queue full: event not stored');
        return;
      }
      queue.push(event);
      if (queue.length >= maxBatch) void write();
      else timer ??= setTimeout(() => void write(), options.flushIntervalMs ?? 100);
    },
    async flush() {
      await write();
    },
  };
}
