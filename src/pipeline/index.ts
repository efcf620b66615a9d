import type { Logger } from 'pino';
import type { Pseudonymizer } from '../audit/pseudonymize.js';
import type { Config } from '../config/schema.js';
import type { ClaimOnce } from '../limits/budget-alerts.js';
import { createOutputCapStage } from '../limits/output-cap.js';
import type { LimitStore } from '../limits/types.js';
import type { AlertSink } from '../observe/alerts.js';
import type { TriggerCounter } from '../observe/triggers.js';
import type { EnvironmentRuntime } from '../providers/environments.js';
import type { KeyStore } from '../store/types.js';
import type { ModerationClient } from '../moderation/index.js';
import { createAccessStage } from './stages/access.js';
import { createAppFilterStage } from './stages/app-filter.js';
import { createAuthStage } from './stages/auth.js';
import { createBudgetStage } from './stages/budget.js';
import { createIdentityStage } from './stages/identity.js';
import { createInputGuardStage } from './stages/input-guard.js';
import { createModerationStage } from './stages/moderation.js';
import { createOutputHtmlStage } from './stages/output-html.js';
import { createOutputLinksStage } from './stages/output-links.js';
import { createOutputPiiStage } from './stages/output-pii.js';
import { createOutputSchemaStage } from './stages/output-schema.js';
import { createOutputSecretsStage } from './stages/output-secrets.js';
import { createPromptLeakStage } from './stages/prompt-leak.js';
import { createRateLimitStage } from './stages/rate-limit.js';
import { createSystemPromptStage } from './stages/system-prompt.js';
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
  /** Guard triggers counted per pseudonymized user, for the monitors. */
  readonly triggers: TriggerCounter;
  /** End users temporarily blocked by the repeated-triggers monitor (src/observe/monitors). */
  readonly blockedUntil?: (user: string) => number | undefined;
  /** An environment's moderation client (its own OpenAI account), or undefined when it has none. */
  readonly moderationClientFor: (environment: string) => ModerationClient | undefined;
  /** Managed system prompts by name, read and linted at start (prompts/load.ts). */
  readonly prompts: ReadonlyMap<string, string>;
  /** Application-specific output stages, run after the built-in ones (library embedding). */
  readonly extraOutputStages?: readonly OutputStage[];
}

export interface Pipeline {
  readonly request: readonly RequestStage[];
  readonly output: readonly OutputStage[];
  /** The longest streamed text an environment's output stages may hold back, in characters. */
  readonly maxHoldBackChars: (environment: string | undefined) => number;
}

/**
 * THE ordered stage list (DESIGN.md). Requests pass the stages top to bottom; the first denial
 * answers the client; after the response, the stages that let it through settle in reverse.
 * docs/pipeline.md draws this list with each stage's denial codes.
 *
 *   auth ─ identity ─ access ─ rate-limit ─ system-prompt ─ output-cap ─ token-limit ─
 *   input-guard ─ app-filter ─ moderation ─ budget(reserve)
 *
 * system-prompt comes before token-limit so the managed prompt is counted and priced like any
 * input. The guard runs its local checks first (no network, sub-millisecond) and the moderation
 * call last, so a request one of them refuses never costs a moderation round trip.
 *
 * Output stages see the response text as it streams, held back a bounded window:
 *
 *   prompt-leak ─ output-secrets ─ output-pii ─ output-links ─ output-html ─ output-schema ─
 *   [application stages]
 */
export function createPipeline(deps: PipelineDeps): Pipeline {
  const { config } = deps;
  return {
    request: [
      createAuthStage({ keys: deps.keys, environments: deps.environments }),
      createIdentityStage({ pseudonymize: deps.pseudonymize, blockedUntil: deps.blockedUntil }),
      createAccessStage({ environments: deps.environments }),
      createRateLimitStage(config, { limits: deps.limits, logger: deps.logger }),
      createSystemPromptStage(config, { prompts: deps.prompts }),
      createOutputCapStage({
        policyFor: (ctx) => {
          const tokens = config.environments[ctx.environment ?? '']?.tokens;
          return tokens && { defaultTokens: tokens.defaultMaxOutputTokens, maxTokens: tokens.maxOutputTokens, overMax: tokens.overMaxOutput };
        },
      }),
      createTokenLimitStage(config),
      createInputGuardStage(config, { triggers: deps.triggers }),
      createAppFilterStage(config, { triggers: deps.triggers }),
      createModerationStage(config, { triggers: deps.triggers, clientFor: deps.moderationClientFor }),
      createBudgetStage(config, { limits: deps.limits, logger: deps.logger, alerts: deps.alerts, claimOnce: deps.claimOnce }),
    ],
    output: [
      createPromptLeakStage(config),
      createOutputSecretsStage(config),
      createOutputPiiStage(config),
      createOutputLinksStage(config),
      createOutputHtmlStage(config),
      createOutputSchemaStage(config),
      ...(deps.extraOutputStages ?? []),
    ],
    maxHoldBackChars: (environment) => config.environments[environment ?? '']?.output.maxHoldBackChars ?? 0,
  };
}
