import type { Config } from '../../config/schema.js';
import { categorize, DEFAULT_THRESHOLDS, detectInjection, type InjectionVerdict } from '../../detect/injection/index.js';
import { detectSplitAcrossTexts } from '../../detect/injection/split-turns.js';
import type { TriggerCounter } from '../../observe/triggers.js';
import { applyFindings } from '../guard/findings.js';
import { createGuardPolicies } from '../guard/policy.js';
import { segmentsFor } from '../guard/segments.js';
import { createVerdictCache } from '../guard/verdict-cache.js';
import type { Decision, GuardFinding, RequestStage } from '../types.js';

/**
 * Prompt-injection and jailbreak detection on every text the policy names — the user's messages,
 * and tool results and documents the application passed along (indirect injection) — with the
 * local detector (src/detect/injection: no network, well under a millisecond per prompt).
 */
export function createInputGuardStage(config: Config, deps: { readonly triggers: TriggerCounter }): RequestStage {
  const policies = createGuardPolicies(config);
  const detect = createVerdictCache<InjectionVerdict>(4_096);
  return {
    name: 'input-guard',
    run(ctx): Decision {
      const policy = policies.forRequest(ctx)?.injection;
      if (!policy || policy.action === 'off') return { type: 'skip', reason: 'injection detection is off' };
      const segments = segmentsFor(ctx, policy.scan);
      if (segments.length === 0) return { type: 'skip', reason: 'no text to scan' };
      const thresholds = { ...DEFAULT_THRESHOLDS, ...policy.thresholds };
      const findings: GuardFinding[] = [];
      for (const segment of segments) {
        const verdict = detect(segment.text, detectInjection);
        const category = categorize(verdict, thresholds);
        if (category === 'benign') continue;
        findings.push({
          stage: 'input-guard',
          kind: category,
          rules: [...new Set(verdict.evidence.map((evidence) => evidence.rule))].slice(0, 8),
          action: policy.action,
          score: Math.round(verdict.scores[category] * 1000) / 1000,
          role: segment.role,
          path: segment.path,
        });
      }
      // A payload split over several messages: only worth a look when no single text was caught.
      if (findings.length === 0) {
        const split = detectSplitAcrossTexts(segments.map((segment) => segment.text));
        if (split) {
          const parts = split.texts.map((i) => segments[i]!);
          findings.push({
            stage: 'input-guard',
            kind: split.category,
            rules: ['split.across-messages', ...split.rules].slice(0, 8),
            action: policy.action,
            score: 1,
            role: parts[parts.length - 1]!.role,
            path: parts.map((segment) => segment.path).join(' + '),
          });
        }
      }
      return applyFindings(ctx, deps.triggers, policy.action, findings, () => {
        const first = findings[0]!;
        const message = first.rules[0] === 'split.across-messages'
          ? `The request was refused: the quoted pieces at ${first.path ?? ''}, put together, form a prompt ${first.kind}.`
          : `The request was refused: the ${first.role ?? ''} text at ${first.path ?? ''} looks like a prompt ${first.kind} (score ${String(first.score)}).`;
        return { type: 'deny', code: 'prompt_injection_detected', message };
      });
    },
  };
}
