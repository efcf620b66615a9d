import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import type { SecretResolver } from '../../secrets/resolve.js';
import type { Store } from '../../store/types.js';
import type { AdminDeps } from './index.js';

/** The admin page's dependencies when `admin.token` is configured; undefined (admin off) otherwise. */
export async function resolveAdmin(config: Config, secrets: SecretResolver, store: Store, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<AdminDeps | undefined> {
  if (config.admin.token === undefined) return undefined;
  const token = await secrets.resolve(config.admin.token);
  return { token, store, config, logger, stateDir: env.PORTCULLIS_STATE_DIR ?? '.portcullis', env };
}
