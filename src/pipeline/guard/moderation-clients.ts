import type { Config } from '../../config/schema.js';
import { createModerationCache, createModerationClient, type ModerationClient } from '../../moderation/index.js';
import type { EnvironmentRuntime } from '../../providers/environments.js';
import type { UpstreamClient } from '../../upstream/client.js';

/** Moderation results are kept this long, by content hash (the same prompt is not sent twice). */
export const MODERATION_CACHE = Object.freeze({ maxEntries: 10_000, ttlMs: 3_600_000 });

/**
 * One moderation client per environment, made on first use: it calls the environment's own
 * OpenAI account with that environment's key, so moderation never crosses environments.
 */
export function moderationClients(
  config: Config,
  environments: ReadonlyMap<string, EnvironmentRuntime>,
  upstream: UpstreamClient,
): (environment: string) => ModerationClient | undefined {
  const cache = createModerationCache(MODERATION_CACHE);
  const clients = new Map<string, ModerationClient | undefined>();
  return (name) => {
    if (clients.has(name)) return clients.get(name);
    const binding = environments.get(name)?.providers.openai;
    const account = binding?.adapter.openaiAccount;
    const settings = config.environments[name]?.guard.moderation;
    const client =
      binding && account && settings
        ? createModerationClient({ upstream, baseUrl: account.baseUrl, organization: account.organization, project: account.project, key: binding.key, model: settings.model, timeoutMs: settings.timeoutMs, cache })
        : undefined;
    clients.set(name, client);
    return client;
  };
}
