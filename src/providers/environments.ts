import type { Config, ProviderConfig } from '../config/schema.js';
import { providerKeySpecs } from '../config/secrets.js';
import { SecretHandle } from '../secrets/handle.js';
import { isSecretsRuntime } from '../secrets/runtime.js';
import { ProviderKeyRing } from '../upstream/provider-keys.js';
import { upstreamPolicyOf, type UpstreamPolicy } from '../upstream/policy.js';
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
  /** The key a request starts with (it follows refreshes and failovers; src/secrets/). */
  readonly key: Secret;
  /** All of the provider's keys, for failover on a refused key (absent for the built-in mock). */
  readonly keys?: ProviderKeyRing;
  /** Timeouts, retries and breaker of this upstream (absent for the built-in mock: the defaults). */
  readonly policy?: UpstreamPolicy;
  /** The deployment that takes over when this one fails (upstream/faults.ts). */
  readonly fallback?: ProviderBinding;
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
      providers[provider] = await bindingFor(name, provider, providerConfig, secrets);
    }
    out.set(name, { name, allowedModels: env.allowedModels ?? null, providers });
  }
  return out;
}

/** A provider's binding with its upstream policy, and its fallback deployment's binding (keys of its own). */
async function bindingFor(
  environment: string,
  provider: string,
  config: ProviderConfig & { readonly fallback?: ProviderConfig | undefined },
  secrets: SecretResolver,
): Promise<ProviderBinding> {
  const keys = await providerKeyRing(environment, provider, config, secrets);
  const fallback = config.fallback ? await bindingFor(environment, `${provider}.fallback`, config.fallback, secrets) : undefined;
  return { adapter: createAdapter(config), key: keys.live, keys, policy: upstreamPolicyOf(config), ...(fallback ? { fallback } : {}) };
}

/**
 * The provider's keys: kept fresh by the gateway's secrets runtime, or (a plain resolver, as
 * library embedders may pass) read once.
 */
async function providerKeyRing(environment: string, provider: string, config: ProviderConfig, secrets: SecretResolver): Promise<ProviderKeyRing> {
  const specs = providerKeySpecs(config);
  if (isSecretsRuntime(secrets)) return secrets.providerKeys(environment, provider, specs, config.keySelection);
  const keys = await Promise.all(
    specs.map(async (spec) => {
      const handle = new SecretHandle(spec.ref, secrets);
      const result = await handle.refresh();
      if (result.kind === 'failed') throw result.error;
      return { ...spec, handle };
    }),
  );
  return new ProviderKeyRing(keys, { selection: config.keySelection, cooldownMs: 600_000 });
}
