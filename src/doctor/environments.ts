import type { Config } from '../config/schema.js';
import { isProductionEnvironment as isProduction, providerKeySpecs } from '../config/secrets.js';

export { schemeOf, MANAGER_SCHEMES } from '../config/secrets.js';

/** Production by `secrets.productionEnvironments`, else by name (`prod`, `production`, `prod-…`). */
export function isProductionEnvironment(config: Config, name: string): boolean {
  return isProduction(name, config.secrets);
}

export interface ProviderKeyEntry {
  readonly environment: string;
  readonly provider: 'openai' | 'anthropic';
  /** `dev/openai`, `prod/openai key-2`, `prod/anthropic fallback` — for messages. */
  readonly place: string;
  readonly ref: string;
  /** The provider's `type`, for the moderation check (`openai`, `azure`, `anthropic`). */
  readonly type: string;
}

interface KeyedProvider {
  readonly type: string;
  readonly apiKey?: string | undefined;
  readonly apiKeys?: readonly { readonly ref: string; readonly name?: string | undefined }[] | undefined;
  readonly fallback?: KeyedProvider | undefined;
}

/** Every provider key reference of every environment: `apiKey`, each of `apiKeys`, and fallbacks'. */
export function providerKeyEntries(config: Config): ProviderKeyEntry[] {
  const out: ProviderKeyEntry[] = [];
  const add = (environment: string, provider: 'openai' | 'anthropic', p: KeyedProvider, suffix: string): void => {
    const specs = providerKeySpecs(p);
    for (const spec of specs) {
      const name = specs.length > 1 ? ` ${spec.name}` : '';
      out.push({ environment, provider, place: `${environment}/${provider}${suffix}${name}`, ref: spec.ref, type: p.type });
    }
    if (p.fallback) add(environment, provider, p.fallback, `${suffix} fallback`);
  };
  for (const [environment, env] of Object.entries(config.environments)) {
    if (env.providers.openai) add(environment, 'openai', env.providers.openai, '');
    if (env.providers.anthropic) add(environment, 'anthropic', env.providers.anthropic, '');
  }
  return out;
}

export function listNames(names: readonly string[], max = 4): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${String(names.length - max)} more`;
}
