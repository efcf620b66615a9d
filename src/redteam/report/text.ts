import type { RedteamReport } from '../types.js';

function pct(rate: number): string {
  return `${(rate * 100).toFixed(1)}%`;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => Array.from(r[i]!).length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}

/** The terminal report: one row per category, then every attack that succeeded or failed to run. */
export function renderText(report: RedteamReport): string {
  const rows: string[][] = [['category', 'attempts', 'blocked', 'harmless', 'succeeded', 'errors', 'success rate']];
  for (const c of report.categories) {
    rows.push([c.category, String(c.attempts), String(c.blocked), String(c.harmless), String(c.succeeded), String(c.errors), pct(c.attempts === 0 ? 0 : c.succeeded / c.attempts)]);
  }
  const t = report.totals;
  rows.push(['total', String(t.attempts), String(t.blocked), String(t.harmless), String(t.succeeded), String(t.errors), pct(t.successRate)]);
  const lines = [
    `portcullis redteam — ${report.target} (${report.api}, ${report.model}${report.stream ? ', streamed' : ''}), attack library ${report.libraryVersion}`,
    '',
    table(rows),
  ];
  const notable = report.results.filter((r) => r.outcome === 'succeeded' || r.outcome === 'error');
  if (notable.length > 0) {
    lines.push('', 'Succeeded or not judged:');
    for (const r of notable) lines.push(`  ${r.outcome === 'succeeded' ? 'SUCCEEDED' : 'ERROR    '}  ${r.id}: ${r.detail}`);
  }
  return `${lines.join('\n')}\n`;
}
