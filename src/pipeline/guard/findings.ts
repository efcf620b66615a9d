import type { GuardAction } from '../../config/guard.js';
import type { TriggerCounter } from '../../observe/triggers.js';
import type { Decision, GuardFinding, RequestContext } from '../types.js';

/** The header a flagged request's answer carries: the kinds that fired, e.g. `injection,filter`. */
export const FLAG_HEADER = 'x-portcullis-flagged';

/**
 * Records what a guard stage found (audit findings, per-user trigger counts) and turns the
 * policy's action into the stage's decision: block → the denial, flag → through with the header,
 * log → through, recorded only.
 */
export function applyFindings(
  ctx: RequestContext,
  triggers: TriggerCounter,
  action: Exclude<GuardAction, 'off'>,
  findings: readonly GuardFinding[],
  denial: () => Extract<Decision, { type: 'deny' }>,
): Decision {
  if (findings.length === 0) return { type: 'allow' };
  (ctx.findings ??= []).push(...findings);
  // Requests without an end-user id are counted under their key, so repeats still add up.
  const subject = ctx.user ?? `key:${ctx.key?.id ?? 'none'}`;
  for (const kind of new Set(findings.map((finding) => finding.kind))) triggers.record(subject, kind);
  switch (action) {
    case 'block':
      return denial();
    case 'flag': {
      const kinds = new Set((ctx.responseHeaders[FLAG_HEADER] ?? '').split(',').filter(Boolean));
      for (const finding of findings) kinds.add(finding.kind);
      ctx.responseHeaders[FLAG_HEADER] = [...kinds].join(',');
      return { type: 'flag', note: [...new Set(findings.map((finding) => finding.kind))].join(',') };
    }
    case 'log':
      return { type: 'allow' };
  }
}
