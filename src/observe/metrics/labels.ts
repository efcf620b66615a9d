import type { Config } from '../../config/schema.js';
import { PRICE_TABLE } from '../../limits/pricing/index.js';

/** Raw model names whose label is remembered (a client can send endless distinct ones). */
const MAX_REMEMBERED = 1024;
/** A dated snapshot or `-latest` after a known model id (as src/limits/pricing prices them). */
const SNAPSHOT_SUFFIX = /^(?:-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8}|-latest)$/;

/**
 * Metric labels with bounded cardinality. The model is chosen by the client, so only models the
 * gateway knows (the price table, environments' exact allowed models, Azure deployments) become
 * labels; a dated snapshot of a known model is labelled as that model; anything else is `other`.
 * Label values never carry a user id or anything secret.
 */
export interface Labeler {
  model(model: string | null): string;
  environment(environment: string | null): string;
  provider(provider: string | null): string;
}

export function createLabeler(config: Config): Labeler {
  const known = new Set<string>(Object.keys(PRICE_TABLE.models));
  const environments = new Set(Object.keys(config.environments));
  for (const env of Object.values(config.environments)) {
    for (const name of env.allowedModels ?? []) if (!name.includes('*')) known.add(name.toLowerCase());
    const openai = env.providers.openai;
    if (openai?.type === 'azure') for (const name of Object.keys(openai.deployments)) known.add(name.toLowerCase());
  }
  const chosen = new Map<string, string>();

  const resolve = (id: string): string => {
    if (known.has(id)) return id;
    let best: string | undefined;
    for (const name of known) {
      if (id.startsWith(name) && SNAPSHOT_SUFFIX.test(id.slice(name.length)) && (best === undefined || name.length > best.length)) best = name;
    }
    return best ?? 'other';
  };

  return {
    model(model) {
      if (model === null || model === '') return 'none';
      const id = model.trim().toLowerCase();
      const hit = chosen.get(id);
      if (hit !== undefined) return hit;
      const label = resolve(id);
      if (chosen.size < MAX_REMEMBERED) chosen.set(id, label);
      return label;
    },
    environment(environment) {
      if (environment === null) return 'none';
      return environments.has(environment) ? environment : 'other';
    },
    provider(provider) {
      return provider === 'openai' || provider === 'azure' || provider === 'anthropic' ? provider : provider === null ? 'none' : 'other';
    },
  };
}
