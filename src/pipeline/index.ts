import type { Pseudonymizer } from '../audit/pseudonymize.js';
import type { EnvironmentRuntime } from '../providers/environments.js';
import type { KeyStore } from '../store/types.js';
import { createAccessStage } from './stages/access.js';
import { createAuthStage } from './stages/auth.js';
import { createIdentityStage } from './stages/identity.js';
import type { OutputStage, RequestStage } from './types.js';

export interface PipelineDeps {
  readonly keys: KeyStore;
  readonly environments: ReadonlyMap<string, EnvironmentRuntime>;
  readonly pseudonymize: Pseudonymizer;
  /** Application-specific output stages, run after the built-in ones (library embedding). */
  readonly extraOutputStages?: readonly OutputStage[];
}

export interface Pipeline {
  readonly request: readonly RequestStage[];
  readonly output: readonly OutputStage[];
}

/**
 * THE ordered stage list (DESIGN.md). Requests pass the stages top to bottom; the first denial
 * answers the client. docs/pipeline.md draws this list with each stage's denial codes.
 *
 *   auth ─ identity ─ access ─ [rate-limit ─ token-limit ─ input-guard ─ moderation ─
 *   system-prompt ─ budget(reserve)]  (bracketed stages arrive with their issues)
 *
 * Output stages see the response text as it streams; the output-guard issue adds them here.
 */
export function createPipeline(deps: PipelineDeps): Pipeline {
  return {
    request: [
      createAuthStage({ keys: deps.keys, environments: deps.environments }),
      createIdentityStage({ pseudonymize: deps.pseudonymize }),
      createAccessStage({ environments: deps.environments }),
    ],
    output: [...(deps.extraOutputStages ?? [])],
  };
}
