import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import type { SecretResolver } from '../../secrets/resolve.js';
import type { Store } from '../../store/types.js';
import type { AdminDeps } from './index.js';

/** The admin page's dependencies when `admin.token` is configured; undefined (admin off) otherwise. */
/** `currentConfig` gives the config serving requests now (a SIGHUP reload replaces it). */
export async function resolveAdmin(config: Config, currentConfig: () => Config, secrets: SecretResolver, store: Store, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<AdminDeps | undefined> {
  if (config.admin.token === undefined) return undefined;
  const token = await secrets.resolve(config.admin.token);
  return { token, store, config: currentConfig, logger, stateDir: env.PORTCULLIS_STATE_DIR ?? '.portcullis', env };
}
