import { findAwsSecretsNearKeyIds } from './aws-nearby.js';
import { findPemPrivateKeys } from './pem.js';
import { PATTERN_RULES, type SecretRule } from './rules.js';
import { type Span, resolveOverlaps } from './span.js';

export interface SecretMatch {
  readonly rule: SecretRule;
  /** UTF-16 offsets into the scanned string; `end` exclusive. Never log the text in between. */
  readonly start: number;
  readonly end: number;
}

interface Candidate extends SecretMatch {
  readonly priority: number;
}

/** All secrets in `text`, disjoint and sorted by offset. Pure and linear in the text length. */
export function findSecrets(text: string): SecretMatch[] {
  const found: Candidate[] = [];
  PATTERN_RULES.forEach((rule, priority) => {
    for (const m of text.matchAll(rule.pattern)) {
      const span: readonly [number, number] | undefined =
        rule.group === undefined ? [m.index, m.index + m[0].length] : m.indices?.[rule.group];
      if (span === undefined) continue;
      const valueSpan = rule.valueGroup === undefined ? span : m.indices?.[rule.valueGroup];
      const value = valueSpan === undefined ? m[0] : text.slice(valueSpan[0], valueSpan[1]);
      if (rule.validate !== undefined && !rule.validate(value, text, span[0])) continue;
      found.push({ rule: rule.id, start: span[0], end: span[1], priority });
    }
  });
  for (const s of findPemPrivateKeys(text)) found.push({ rule: 'private-key', ...s, priority: -1 });
  const keyIds: Span[] = found.filter((c) => c.rule === 'aws-access-key-id').sort((a, b) => a.start - b.start);
  for (const s of findAwsSecretsNearKeyIds(text, keyIds)) found.push({ rule: 'aws-secret-key', ...s, priority: PATTERN_RULES.length });
  return resolveOverlaps(found).map(({ rule, start, end }) => ({ rule, start, end }));
}
