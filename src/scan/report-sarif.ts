import { SCAN_RULES, SCAN_RULE_IDS } from './rules.js';
import type { Finding, ScanStats } from './types.js';

/**
 * SARIF 2.1.0 (OASIS), as GitHub code scanning and other CI dashboards read it: one run, every
 * rule described, one result per finding with its region and a `partialFingerprints` entry (the
 * keyed hash) so dashboards track a leak across commits. The message holds the masked value only.
 */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export function sarifReport(findings: readonly Finding[], stats: ScanStats, toolVersion: string): string {
  const ruleIndex = new Map(SCAN_RULE_IDS.map((id, i) => [id, i]));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'portcullis-scan',
            version: toolVersion,
            rules: SCAN_RULE_IDS.map((id) => ({
              id,
              name: id.replace(/(?:^|-)([a-z])/g, (_m, c: string) => c.toUpperCase()),
              shortDescription: { text: SCAN_RULES[id].title },
              fullDescription: { text: `${SCAN_RULES[id].title}: a credential in a file, archive or commit.` },
              help: { text: SCAN_RULES[id].help },
              defaultConfiguration: { level: 'error' },
              properties: { tags: ['security', 'secret'] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIndex.get(f.rule) ?? -1,
          level: 'error',
          message: {
            text: `${SCAN_RULES[f.rule].title} ${f.masked} (fingerprint ${f.fingerprint})${f.commit === undefined ? '' : ` in commit ${f.commit}`}`,
          },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(f.path) },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
          partialFingerprints: { 'portcullisSecret/v1': f.fingerprint },
          ...(f.commit === undefined ? {} : { properties: { commit: f.commit } }),
        })),
        invocations: [{ executionSuccessful: true, exitCode: findings.length > 0 ? 1 : 0 }],
        properties: { stats },
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

/** A relative or absolute path as a URI reference: each segment percent-encoded, `/` kept. */
function toUri(path: string): string {
  const encoded = path.split('/').map((segment) => encodeURIComponent(segment)).join('/');
  return path.startsWith('/') ? `file://${encoded}` : encoded;
}
