import type { EnvironmentRuntime } from '../../providers/environments.js';
import { modelAllowed } from '../model-match.js';
import { ALLOW, type Decision, type RequestStage } from '../types.js';

/**
 * May this key call this provider and model? The environment must have the route's provider, and
 * the model must be on the environment's and the key's allow-lists when they are set.
 */
export function createAccessStage(deps: { readonly environments: ReadonlyMap<string, EnvironmentRuntime> }): RequestStage {
  return {
    name: 'access',
    run(ctx): Decision {
      const environment = deps.environments.get(ctx.environment ?? '');
      if (!environment?.providers[ctx.route.provider]) {
        return {
          type: 'deny',
          code: 'provider_not_configured',
          message: `Environment "${ctx.environment ?? ''}" has no ${ctx.route.provider} provider configured.`,
        };
      }
      if (!ctx.route.needsModel) return ALLOW;
      const model = ctx.body?.model;
      if (typeof model !== 'string' || model === '') {
        return { type: 'deny', code: 'model_required', message: 'The request must name a model ("model": "…").' };
      }
      ctx.model = model;
      if (environment.providers[ctx.route.provider]?.adapter.supportsModel?.(model) === false) {
        return { type: 'deny', code: 'model_not_allowed', message: `Model "${model}" has no deployment in environment "${environment.name}".` };
      }
      if (environment.allowedModels && !modelAllowed(model, environment.allowedModels)) {
        return { type: 'deny', code: 'model_not_allowed', message: `Model "${model}" is not allowed in environment "${environment.name}".` };
      }
      if (ctx.key?.allowedModels && !modelAllowed(model, ctx.key.allowedModels)) {
        return { type: 'deny', code: 'model_not_allowed', message: `Model "${model}" is not allowed for gateway key ${ctx.key.id}.` };
      }
      return ALLOW;
    },
  };
}
