import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import type { SecretResolver } from '../secrets/resolve.js';
import { createMemoryStore } from './memory/memory-store.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

/**
 * The one place (with src/index.ts) that chooses a concrete backend. The PostgreSQL driver is
 * imported only when configured.
 */
export async function openStore(config: Config, secrets: SecretResolver): Promise<Store> {
  switch (config.store.kind) {
    case 'memory':
      return createMemoryStore();
    case 'sqlite':
      return createSqliteStore(config.store.path ?? join(config.dataDir, 'portcullis.db'), { auditSync: config.store.auditSync });
    case 'postgres': {
      if (!config.store.url) throw new Error('store.url is required for the postgres store');
      const { createPostgresStore } = await import('./postgres/postgres-store.js');
      return createPostgresStore({ connectionString: (await secrets.resolve(config.store.url)).reveal() });
    }
  }
}

export type { Store } from './types.js';
