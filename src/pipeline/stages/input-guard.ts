import type { GuardRole } from '../../config/guard.js';
import type { Config } from '../../config/schema.js';
import { categorize, DEFAULT_THRESHOLDS, detectInjection, type InjectionVerdict, type Thresholds } from '../../detect/injection/index.js';
import { STRONG_FLOOR, categorize as categorizeScores } from '../../detect/injection/scoring.js';
import { detectSplitPayload } from '../../detect/injection/split-payload.js';
import type { TriggerCounter } from '../../observe/triggers.js';
import { applyFindings } from '../guard/findings.js';
import { createGuardPolicies } from '../guard/policy.js';
import { segmentsFor } from '../guard/segments.js';
import { createVerdictCache } from '../guard/verdict-cache.js';
import type { Decision, GuardFinding, RequestContext, RequestStage } from '../types.js';

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
      // Under block, one finding already refuses the request; under flag and log every finding counts.
      if (policy.action !== 'block' || findings.length === 0) {
        const split = splitFinding(ctx, policy.scan, thresholds, findings);
        if (split) findings.push({ ...split, action: policy.action });
      }
      return applyFindings(ctx, deps.triggers, policy.action, findings, () => {
        const first = findings[0]!;
        const message = first.rules[0] === SPLIT_RULE
          ? `The request was refused: the quoted pieces at ${first.path ?? ''}, put together, form a prompt ${first.kind}.`
          : `The request was refused: the ${first.role ?? ''} text at ${first.path ?? ''} looks like a prompt ${first.kind} (score ${String(first.score)}).`;
        return { type: 'deny', code: 'prompt_injection_detected', message };
      });
    },
  };
}

const SPLIT_RULE = 'split.quoted-pieces';
const MAX_PATHS = 8;

/**
 * A payload split into quoted pieces (detect/injection/split-payload.ts), over the texts the
 * policy scans plus assistant turns: a client writes the whole history, so a forged or echoed
 * assistant turn can carry one half, but at least one piece must come from a scanned text. Left
 * out when every text it involves is a finding already.
 */
function splitFinding(
  ctx: RequestContext,
  scan: readonly GuardRole[],
  thresholds: Thresholds,
  findings: readonly GuardFinding[],
): Omit<GuardFinding, 'action'> | null {
  const segments = segmentsFor(ctx, scan.includes('assistant') ? scan : [...scan, 'assistant']);
  const split = detectSplitPayload(segments.map((segment) => segment.text));
  if (!split) return null;
  const kind = categorizeScores({ injection: split.injection ? STRONG_FLOOR : 0, jailbreak: split.jailbreak ? STRONG_FLOOR : 0 }, thresholds);
  if (kind === 'benign') return null;
  const involved = split.texts.map((i) => segments[i]!);
  // Assistant turns only lend a half: pieces from them alone (the model explaining split payloads)
  // would refuse every later turn of that conversation.
  const fromScanned = involved.filter((segment) => scan.includes(segment.role));
  if (fromScanned.length === 0) return null;
  const found = new Set(findings.map((finding) => finding.path));
  if (involved.every((segment) => found.has(segment.path))) return null;
  const paths = involved.map((segment) => segment.path);
  return {
    stage: 'input-guard',
    kind,
    rules: [SPLIT_RULE, ...split.rules].slice(0, 8),
    score: STRONG_FLOOR,
    role: fromScanned[fromScanned.length - 1]!.role,
    path: paths.length > MAX_PATHS ? `${paths.slice(0, MAX_PATHS).join(' + ')} + …` : paths.join(' + '),
  };
}
