import type { Config } from '../../config/schema.js';
import { BUILT_IN_PROFILES, compileFilterProfile, type CompiledFilter } from '../../detect/filters/index.js';
import type { TriggerCounter } from '../../observe/triggers.js';
import { applyFindings } from '../guard/findings.js';
import { createGuardPolicies } from '../guard/policy.js';
import { segmentsFor } from '../guard/segments.js';
import type { Decision, GuardFinding, RequestStage } from '../types.js';

type CompiledProfile = CompiledFilter;

/**
 * The application's own filters: named profiles of deny terms (matched on normalized text, so
 * homoglyphs, leetspeak and spacing do not slip past), regular expressions and denied topics.
 * Every profile is compiled once, at start.
 */
export function createAppFilterStage(config: Config, deps: { readonly triggers: TriggerCounter }): RequestStage {
  const profiles = compileProfiles(config);
  const policies = createGuardPolicies(config);
  return {
    name: 'app-filter',
    run(ctx): Decision {
      const policy = policies.forRequest(ctx)?.filters;
      if (!policy || policy.action === 'off' || policy.profiles.length === 0) return { type: 'skip', reason: 'no filter profile applies' };
      const segments = segmentsFor(ctx, policy.scan);
      if (segments.length === 0) return { type: 'skip', reason: 'no text to scan' };
      const findings: GuardFinding[] = [];
      for (const segment of segments) {
        const rules = new Set<string>();
        for (const name of policy.profiles) {
          for (const hit of profiles.get(name)?.match(segment.text) ?? []) rules.add(`${hit.profile}:${hit.kind}:${hit.rule}`);
        }
        if (rules.size === 0) continue;
        findings.push({ stage: 'app-filter', kind: 'filter', rules: [...rules].slice(0, 8), action: policy.action, role: segment.role, path: segment.path });
      }
      return applyFindings(ctx, deps.triggers, policy.action, findings, () => {
        const first = findings[0]!;
        return {
          type: 'deny',
          code: 'content_filtered',
          message: `The request was refused by this application's content filter (${first.rules.join(', ')}) in the ${first.role ?? ''} text at ${first.path ?? ''}.`,
        };
      });
    },
  };
}

/**
 * Built-in and configured profiles. The config schema has already refused unknown profile names,
 * unknown topics, invalid regexes and names taken by built-ins, so compiling cannot fail here.
 */
function compileProfiles(config: Config): Map<string, CompiledProfile> {
  const compiled = new Map<string, CompiledProfile>();
  for (const [name, spec] of Object.entries(BUILT_IN_PROFILES)) compiled.set(name, compileFilterProfile(spec));
  for (const [name, spec] of Object.entries(config.filterProfiles)) compiled.set(name, compileFilterProfile({ name, ...spec }));
  return compiled;
}
