import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { createSecretResolver, defaultSources } from '../secrets/resolve.js';
import { openStore, type Store } from '../store/index.js';
import type { CliIo } from './io.js';

/** The config (from --config or PORTCULLIS_CONFIG, else the embedded default) and its store. */
export function loadCliConfig(configPath: string | undefined, io: CliIo): Config {
  return loadConfig(configPath ?? io.env.PORTCULLIS_CONFIG, io.env);
}

export async function withStore<T>(config: Config, io: CliIo, run: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config, createSecretResolver(defaultSources(io.env)));
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}
