import type { Config } from '../../config/schema.js';
import { evaluateModeration, ModerationUnavailableError, type ModerationClient } from '../../moderation/index.js';
import type { TriggerCounter } from '../../observe/triggers.js';
import { applyFindings } from '../guard/findings.js';
import { createGuardPolicies } from '../guard/policy.js';
import { segmentsFor } from '../guard/segments.js';
import type { Decision, RequestStage } from '../types.js';

export interface ModerationStageDeps {
  readonly triggers: TriggerCounter;
  /**
   * The moderation client of an environment: its own OpenAI key and account. Undefined when the
   * environment has no plain OpenAI provider (Anthropic- or Azure-only): local filters only.
   */
  readonly clientFor: (environment: string) => ModerationClient | undefined;
}

/**
 * OpenAI's moderation endpoint before the main call, for OpenAI- and Anthropic-bound requests
 * alike, with per-category thresholds. Results are cached by content hash in the client. When
 * the endpoint fails, `onError` decides: refuse (fail-closed, the default) or let the request
 * through with the check recorded as skipped — never as passed.
 */
export function createModerationStage(config: Config, deps: ModerationStageDeps): RequestStage {
  const policies = createGuardPolicies(config);
  return {
    name: 'moderation',
    async run(ctx): Promise<Decision> {
      const policy = policies.forRequest(ctx)?.moderation;
      if (!policy?.enabled || policy.action === 'off') return { type: 'skip', reason: 'moderation is off' };
      const client = deps.clientFor(ctx.environment ?? '');
      if (!client) return { type: 'skip', reason: 'no OpenAI provider in this environment to moderate with' };
      const segments = segmentsFor(ctx, policy.scan);
      if (segments.length === 0) return { type: 'skip', reason: 'no text to scan' };
      let verdict;
      try {
        verdict = evaluateModeration(
          await client.moderate(segments.map((segment) => segment.text)),
          policy.thresholds,
          { useProviderFlag: true },
        );
      } catch (err) {
        if (!(err instanceof ModerationUnavailableError)) throw err;
        if (policy.onError === 'fail-open') return { type: 'skip', reason: `moderation unavailable (${err.reason}); fail-open` };
        return {
          type: 'deny',
          code: 'moderation_unavailable',
          message: 'The request could not be checked by the moderation service, and this gateway refuses unchecked requests. Retry shortly.',
          headers: { 'retry-after': '1' },
        };
      }
      const findings = verdict.flagged
        ? [{ stage: 'moderation', kind: 'moderation' as const, rules: verdict.categories, action: policy.action, score: Math.round(verdict.maxScore * 1000) / 1000 }]
        : [];
      return applyFindings(ctx, deps.triggers, policy.action, findings, () => ({
        type: 'deny',
        code: 'moderation_flagged',
        message: `The request was refused by content moderation (${verdict.categories.join(', ')}).`,
      }));
    },
  };
}
