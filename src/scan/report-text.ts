import { SCAN_RULES } from './rules.js';
import type { Finding, ScanStats } from './types.js';

/** One line a finding, grep- and editor-friendly (`path:line:col`); the secret masked. */
export function textReport(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const where = `${f.path}:${String(f.line)}:${String(f.column)}`;
      const commit = f.commit === undefined ? '' : `  commit ${f.commit.slice(0, 12)}`;
      return `${where}  ${f.rule}  ${SCAN_RULES[f.rule].title}  ${f.masked}  fingerprint ${f.fingerprint}${commit}`;
    })
    .join('\n');
}

/** The summary line (stderr): what was read, how fast, and what was found. */
export function summaryLine(findings: readonly Finding[], stats: ScanStats): string {
  const mb = stats.bytes / 1e6;
  const seconds = Math.max(stats.elapsedMs, 1) / 1000;
  const parts = [
    `${String(findings.length)} finding${findings.length === 1 ? '' : 's'}`,
    `${String(stats.files)} files, ${mb.toFixed(1)} MB in ${seconds.toFixed(2)} s (${(mb / seconds).toFixed(1)} MB/s)`,
  ];
  if (stats.gitCommits > 0) parts.push(`${String(stats.gitCommits)} commits, ${String(stats.gitBlobs)} blobs`);
  if (stats.allowed > 0) parts.push(`${String(stats.allowed)} allowed by the allow-list`);
  if (stats.skippedBinary + stats.skippedLarge > 0) {
    parts.push(`skipped ${String(stats.skippedBinary)} binary and ${String(stats.skippedLarge)} too large`);
  }
  if (stats.unreadable > 0) parts.push(`${String(stats.unreadable)} unreadable`);
  return `portcullis scan: ${parts.join('; ')}`;
}
