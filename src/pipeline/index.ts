import type { Logger } from 'pino';
import type { Pseudonymizer } from '../audit/pseudonymize.js';
import type { Config } from '../config/schema.js';
import type { ClaimOnce } from '../limits/budget-alerts.js';
import { createOutputCapStage } from '../limits/output-cap.js';
import type { LimitStore } from '../limits/types.js';
import type { AlertSink } from '../observe/alerts.js';
import type { EnvironmentRuntime } from '../providers/environments.js';
import type { KeyStore } from '../store/types.js';
import { createAccessStage } from './stages/access.js';
import { createAuthStage } from './stages/auth.js';
import { createBudgetStage } from './stages/budget.js';
import { createIdentityStage } from './stages/identity.js';
import { createRateLimitStage } from './stages/rate-limit.js';
import { createTokenLimitStage } from './stages/token-limit.js';
import type { OutputStage, RequestStage } from './types.js';

export interface PipelineDeps {
  readonly config: Config;
  readonly keys: KeyStore;
  readonly environments: ReadonlyMap<string, EnvironmentRuntime>;
  readonly pseudonymize: Pseudonymizer;
  readonly limits: LimitStore;
  readonly claimOnce: ClaimOnce;
  readonly alerts: AlertSink;
  readonly logger: Logger;
  /** Application-specific output stages, run after the built-in ones (library embedding). */
  readonly extraOutputStages?: readonly OutputStage[];
}

export interface Pipeline {
  readonly request: readonly RequestStage[];
  readonly output: readonly OutputStage[];
}

/**
 * THE ordered stage list (DESIGN.md). Requests pass the stages top to bottom; the first denial
 * answers the client; after the response, the stages that let it through settle in reverse.
 * docs/pipeline.md draws this list with each stage's denial codes.
 *
 *   auth ─ identity ─ access ─ rate-limit ─ output-cap ─ token-limit ─ [input-guard ─
 *   moderation ─ system-prompt] ─ budget(reserve)   (bracketed stages arrive with their issues)
 *
 * Output stages see the response text as it streams; the output-guard issue adds them here.
 */
export function createPipeline(deps: PipelineDeps): Pipeline {
  const { config } = deps;
  return {
    request: [
      createAuthStage({ keys: deps.keys, environments: deps.environments }),
      createIdentityStage({ pseudonymize: deps.pseudonymize }),
      createAccessStage({ environments: deps.environments }),
      createRateLimitStage(config, { limits: deps.limits, logger: deps.logger }),
      createOutputCapStage({
        policyFor: (ctx) => {
          const tokens = config.environments[ctx.environment ?? '']?.tokens;
          return tokens && { defaultTokens: tokens.defaultMaxOutputTokens, maxTokens: tokens.maxOutputTokens, overMax: tokens.overMaxOutput };
        },
      }),
      createTokenLimitStage(config),
      createBudgetStage(config, { limits: deps.limits, logger: deps.logger, alerts: deps.alerts, claimOnce: deps.claimOnce }),
    ],
    output: [...(deps.extraOutputStages ?? [])],
  };
}
