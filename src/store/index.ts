import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { createMemoryStore } from './memory/memory-store.js';
import { createSqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

/** The one place (with src/index.ts) that chooses a concrete backend. */
export function openStore(config: Config): Store {
  switch (config.store.kind) {
    case 'memory':
      return createMemoryStore();
    case 'sqlite':
      return createSqliteStore(config.store.path ?? join(config.dataDir, 'portcullis.db'));
  }
}

export type { Store } from './types.js';
