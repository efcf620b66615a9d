import type { RedteamReport } from '../types.js';

function pct(n: number, d: number): string {
  return d === 0 ? '0.0%' : `${((n / d) * 100).toFixed(1)}%`;
}

/** The demo's side-by-side table: straight at the vulnerable model, and through the gateway. */
export function renderDemoComparison(direct: RedteamReport, gateway: RedteamReport): string {
  const rows: string[][] = [['category', 'attempts', 'model: succeeded', 'gateway: blocked', 'harmless', 'succeeded']];
  for (const c of direct.categories) {
    const g = gateway.categories.find((x) => x.category === c.category);
    rows.push([
      c.category,
      String(c.attempts),
      `${String(c.succeeded)} (${pct(c.succeeded, c.attempts)})`,
      String(g?.blocked ?? 0),
      String(g?.harmless ?? 0),
      `${String(g?.succeeded ?? 0)} (${pct(g?.succeeded ?? 0, g?.attempts ?? 0)})`,
    ]);
  }
  const d = direct.totals;
  const g = gateway.totals;
  rows.push(['total', String(d.attempts), `${String(d.succeeded)} (${pct(d.succeeded, d.attempts)})`, String(g.blocked), String(g.harmless), `${String(g.succeeded)} (${pct(g.succeeded, g.attempts)})`]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => Array.from(r[i]!).length)));
  const table = rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
  const lines = [
    `portcullis redteam --demo: attack library ${direct.libraryVersion}, ${direct.api}${direct.stream ? ', streamed' : ''}`,
    'A deliberately vulnerable local model, attacked straight and through a Portcullis gateway with its',
    'guards on (input guard: block; managed system prompt with canary; output: links stripped, leaks cut).',
    '',
    table,
    '',
    `Success rate: ${pct(d.succeeded, d.attempts)} straight at the model, ${pct(g.succeeded, g.attempts)} through the gateway.`,
  ];
  const through = gateway.results.filter((r) => r.outcome === 'succeeded');
  if (through.length > 0) {
    lines.push('', 'Attacks that still succeed through the gateway:');
    for (const r of through) lines.push(`  ${r.id}: ${r.detail}`);
  }
  if (d.errors + g.errors > 0) lines.push('', `Not judged (errors): ${String(d.errors)} straight, ${String(g.errors)} through the gateway.`);
  return `${lines.join('\n')}\n`;
}
