import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { createSecretResolver } from '../secrets/resolve.js';
import { configuredSources } from '../secrets/sources.js';
import { openStore, type Store } from '../store/index.js';
import type { CliIo } from './io.js';

/** The config (from --config or PORTCULLIS_CONFIG, else the embedded default) and its store. */
export function loadCliConfig(configPath: string | undefined, io: CliIo): Config {
  return loadConfig(configPath ?? io.env.PORTCULLIS_CONFIG, io.env);
}

export async function withStore<T>(config: Config, io: CliIo, run: (store: Store) => Promise<T>): Promise<T> {
  // The store URL may live in a secrets manager too (secrets.vault, .aws, .azure, .gcp).
  const secrets = createSecretResolver(configuredSources(config.secrets, io.env));
  const store = await openStore(config, secrets).finally(() => secrets.close?.());
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}
