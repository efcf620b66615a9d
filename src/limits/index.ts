import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { SecretResolver } from '../secrets/resolve.js';
import type { ClaimOnce } from './budget-alerts.js';
import { withTimeout } from './guarded-store.js';
import { createMemoryLimitStore } from './memory/memory-limit-store.js';
import { createSqliteLimitStore } from './sqlite/sqlite-limit-store.js';
import type { LimitStore } from './types.js';

/**
 * The counter store the config names, bounded by its timeout. Redis and PostgreSQL drivers are
 * imported only when configured, so a gateway that does not use them never loads them.
 */
export async function openLimitStore(config: Config, secrets: SecretResolver): Promise<LimitStore> {
  const { store } = config.limits;
  const url = async (): Promise<string> => {
    if (!store.url) throw new Error(`limits.store.url is required for the ${store.kind} limit store`);
    return (await secrets.resolve(store.url)).reveal();
  };
  switch (store.kind) {
    case 'memory':
      return createMemoryLimitStore();
    case 'sqlite':
      return createSqliteLimitStore(config.store.path ?? join(config.dataDir, 'portcullis.db'));
    case 'redis': {
      const { createRedisLimitStore } = await import('./redis/index.js');
      // Bounded and breaker-guarded by itself (command timeout, no offline queue, own breaker).
      return createRedisLimitStore({ url: await url(), commandTimeoutMs: store.timeoutMs });
    }
    case 'postgres': {
      const { createPostgresLimitStore } = await import('./postgres/postgres-limit-store.js');
      // The statement timeout bounds the database's side; the guard bounds the whole call
      // (pool wait, lock waits, retries) and adds the circuit breaker.
      return withTimeout(await createPostgresLimitStore({ connectionString: await url(), statementTimeoutMs: store.timeoutMs }), store.timeoutMs * 2);
    }
  }
}

/** Alert claims through the counter store, so instances sharing it raise each alert once. */
export function claimsOf(store: LimitStore): ClaimOnce {
  return (key, ttlMs) => store.claimOnce(key, ttlMs, Date.now());
}
