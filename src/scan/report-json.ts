import { SCAN_RULES } from './rules.js';
import type { Finding, ScanStats } from './types.js';

/** Machine-readable report; `secret` is the masked value, never the secret. */
export function jsonReport(findings: readonly Finding[], stats: ScanStats): string {
  return JSON.stringify(
    {
      version: 1,
      findings: findings.map((f) => ({
        rule: f.rule,
        title: SCAN_RULES[f.rule].title,
        path: f.path,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        secret: f.masked,
        fingerprint: f.fingerprint,
        ...(f.commit === undefined ? {} : { commit: f.commit }),
      })),
      stats: { ...stats, megabytesPerSecond: Number((stats.bytes / 1e6 / (Math.max(stats.elapsedMs, 1) / 1000)).toFixed(2)) },
    },
    null,
    2,
  );
}
