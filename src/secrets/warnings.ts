import { isProductionEnvironment, providerKeySpecs, schemeOf } from '../config/secrets.js';
import type { Config } from '../config/schema.js';

/** A configuration finding about where secrets come from (`doctor` shows these; the gateway logs them at start). */
export interface SecretSourceWarning {
  readonly code: 'env_secret_in_production' | 'provider_key_shared';
  readonly environment: string;
  readonly provider: string;
  /** The key's name within the provider (`primary`, `key-2`, …). */
  readonly keyName: string;
  /** The reference (never a value). */
  readonly ref: string;
  readonly message: string;
}

/**
 * What the configuration does against the secrets policy: a production environment taking a
 * provider key from `env:` (environment variables leak into crash dumps, `ps e`, child
 * processes and CI logs, and cannot be rotated without a restart), and one provider key shared by
 * several environments (a leak or revocation in one hits all of them).
 */
export function secretSourceWarnings(config: Pick<Config, 'environments' | 'secrets'>): SecretSourceWarning[] {
  const out: SecretSourceWarning[] = [];
  const users = new Map<string, string[]>();
  for (const [environment, env] of Object.entries(config.environments)) {
    for (const [provider, providerConfig] of Object.entries(env.providers)) {
      for (const spec of providerKeySpecs(providerConfig)) {
        users.set(spec.ref, [...(users.get(spec.ref) ?? []), environment]);
        if (schemeOf(spec.ref) === 'env' && isProductionEnvironment(environment, config.secrets)) {
          out.push({
            code: 'env_secret_in_production',
            environment,
            provider,
            keyName: spec.name,
            ref: spec.ref,
            message: `environment ${environment}: the ${provider} key "${spec.name}" comes from ${spec.ref}; production keys belong in a secrets manager (vault:, aws:, azure:, gcp:) or a mounted file: secret`,
          });
        }
      }
    }
  }
  for (const [environment, env] of Object.entries(config.environments)) {
    for (const [provider, providerConfig] of Object.entries(env.providers)) {
      for (const spec of providerKeySpecs(providerConfig)) {
        const shared = [...new Set(users.get(spec.ref))].filter((name) => name !== environment);
        if (shared.length === 0) continue;
        out.push({
          code: 'provider_key_shared',
          environment,
          provider,
          keyName: spec.name,
          ref: spec.ref,
          message: `environment ${environment}: the ${provider} key "${spec.name}" (${spec.ref}) is also used by ${shared.join(', ')}; give each environment its own provider key`,
        });
      }
    }
  }
  return out;
}
