import type { CheckResult, CheckStatus } from './types.js';

export const STATUS_MARK: Readonly<Record<CheckStatus, string>> = { pass: '✓', fail: '✗', warn: '⚠' };

/** The table `portcullis doctor` prints: mark, check, finding; then the fix for each ✗ and ⚠. */
export function formatChecks(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.title.length));
  const lines = results.map((r) => `${STATUS_MARK[r.status]}  ${r.title.padEnd(width)}  ${r.detail}`);
  const fixes = results.filter((r) => r.status !== 'pass' && r.fix !== undefined).map((r) => `${STATUS_MARK[r.status]} ${r.title}: ${r.fix ?? ''}`);
  const count = (s: CheckStatus): number => results.filter((r) => r.status === s).length;
  const summary = `${String(count('pass'))} passed, ${String(count('fail'))} failed, ${String(count('warn'))} advisory.`;
  return [...lines, '', summary, ...(fixes.length > 0 ? ['', 'To fix:', ...fixes.map((f) => `  ${f}`)] : [])].join('\n');
}
