import { z } from 'zod';

/**
 * The audit store queue (src/audit/recorder.ts): how events are batched, and the bound that keeps
 * a slow or failing store from growing memory without end.
 */
export const auditQueueConfig = z.strictObject({
  /** Events accepted and not yet committed, at most; beyond it new events are dropped, counted and alerted. */
  maxEvents: z.number().int().positive().default(50_000),
  /** A batch is written as soon as this many events wait. */
  batchMaxEvents: z.number().int().positive().default(1_000),
  /** A batch is written at most this long after its first event. */
  flushIntervalMs: z.number().int().positive().default(100),
  /** Longest wait between two retries of a failing store write (backoff from 100 ms). */
  retryMaxMs: z.number().int().positive().default(5_000),
});
