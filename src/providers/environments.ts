import type { Config, ProviderConfig } from '../config/schema.js';
import type { Secret } from '../secrets/secret.js';
import type { SecretResolver } from '../secrets/resolve.js';
import { createAnthropicAdapter } from './anthropic/adapter.js';
import { createAzureAdapter } from './openai/azure-adapter.js';
import { createOpenAIAdapter } from './openai/adapter.js';
import type { ProviderName } from './routes.js';
import type { ProviderAdapter } from './types.js';

/** A provider as one environment uses it: the adapter and that environment's own key. */
export interface ProviderBinding {
  readonly adapter: ProviderAdapter;
  readonly key: Secret;
}

export interface EnvironmentRuntime {
  readonly name: string;
  readonly allowedModels: readonly string[] | null;
  readonly providers: Readonly<Partial<Record<ProviderName, ProviderBinding>>>;
}

export function createAdapter(config: ProviderConfig): ProviderAdapter {
  switch (config.type) {
    case 'openai':
      return createOpenAIAdapter(config);
    case 'azure':
      return createAzureAdapter(config);
    case 'anthropic':
      return createAnthropicAdapter(config);
  }
}

/**
 * Resolves every environment's provider keys once at start. A gateway key of environment X only
 * ever reaches X's bindings: there is no fallback to another environment's credentials.
 */
export async function buildEnvironments(config: Config, secrets: SecretResolver): Promise<Map<string, EnvironmentRuntime>> {
  const out = new Map<string, EnvironmentRuntime>();
  for (const [name, env] of Object.entries(config.environments)) {
    const providers: Partial<Record<ProviderName, ProviderBinding>> = {};
    for (const provider of ['openai', 'anthropic'] as const) {
      const providerConfig = env.providers[provider];
      if (!providerConfig) continue;
      providers[provider] = { adapter: createAdapter(providerConfig), key: await secrets.resolve(providerConfig.apiKey) };
    }
    out.set(name, { name, allowedModels: env.allowedModels ?? null, providers });
  }
  return out;
}
