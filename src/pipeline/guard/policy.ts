import type { Config } from '../../config/schema.js';
import type { FilterGuardConfig, GuardKeyOverride, InjectionGuardConfig, ModerationGuardConfig } from '../../config/guard.js';
import type { RequestContext } from '../types.js';

/** The guard policy one request runs under: its environment's, with its key's overrides applied. */
export interface GuardPolicy {
  readonly injection: InjectionGuardConfig;
  readonly filters: FilterGuardConfig;
  /** `model` and `timeoutMs` are the environment's: a key cannot change them. */
  readonly moderation: ModerationGuardConfig;
}

export interface GuardPolicies {
  /** Undefined before auth has placed the request in an environment. */
  forRequest(ctx: RequestContext): GuardPolicy | undefined;
}

/**
 * Resolves policies once per (environment, key) pair and keeps them: the config is frozen, so
 * the merge never has to run again on the request path.
 */
export function createGuardPolicies(config: Config): GuardPolicies {
  const resolved = new Map<string, GuardPolicy>();
  return {
    forRequest(ctx) {
      const envName = ctx.environment;
      if (envName === undefined) return undefined;
      const guard = config.environments[envName]?.guard;
      if (!guard) return undefined;
      const keyId = ctx.key?.id;
      const override = keyId === undefined ? undefined : guard.perKey[keyId];
      const cacheKey = override ? `${envName}\u0000${keyId ?? ''}` : envName;
      let policy = resolved.get(cacheKey);
      if (!policy) {
        policy = mergePolicy({ injection: guard.injection, filters: guard.filters, moderation: guard.moderation }, override);
        resolved.set(cacheKey, policy);
      }
      return policy;
    },
  };
}

export function mergePolicy(base: GuardPolicy, override: GuardKeyOverride | undefined): GuardPolicy {
  if (!override) return base;
  return {
    injection: {
      ...base.injection,
      ...defined(override.injection),
      // Thresholds merge per category: a key that tightens one keeps the other.
      thresholds: { ...base.injection.thresholds, ...override.injection?.thresholds },
    },
    filters: { ...base.filters, ...defined(override.filters) },
    moderation: {
      ...base.moderation,
      ...defined(override.moderation),
      thresholds: { ...base.moderation.thresholds, ...override.moderation?.thresholds },
    },
  };
}

/** The fields an override actually sets (zod leaves absent optional fields out, but be sure). */
function defined<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
