import type pg from 'pg';

/** Deadlock detected, serialization failure: the transaction did nothing and can run again. */
const RETRYABLE = new Set(['40P01', '40001']);

export function isRetryable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' && RETRYABLE.has(err.code);
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * Runs `work` between BEGIN and COMMIT (read committed) on one pooled client, rolling back on any error. A
 * deadlock or serialization failure runs it again, at most `retries` more times, after a short
 * random pause so the contenders do not collide again in step.
 */
export async function inTransaction<T>(pool: pg.Pool, retries: number, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      // Stated, not inherited from default_transaction_isolation: the limit store's lock-then-read
      // steps need each statement to see what committed before it (a fresh snapshot per statement).
      await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        // The connection is unusable; release(err) destroys it instead of returning it to the pool.
        broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
      }
      if (attempt >= retries || !isRetryable(err)) throw err;
    } finally {
      client.release(broken);
    }
    await sleep(2 + Math.random() * 8 * (attempt + 1));
  }
}
