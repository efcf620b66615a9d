import type { CategoryStats, RedteamReport } from '../types.js';
import { escapeMarkup as x } from './escape.js';

/**
 * A self-contained HTML report: inline CSS, one inline SVG bar per category, no scripts, no
 * external resources (a Content-Security-Policy of `default-src 'none'` says so to the browser
 * too). Every value from the run is escaped; attack ids and goals come from data files.
 */
const COLORS = { blocked: '#2e7d32', harmless: '#607d8b', succeeded: '#c62828', errors: '#ef6c00' } as const;
type Part = keyof typeof COLORS;
const PARTS: readonly Part[] = ['blocked', 'harmless', 'succeeded', 'errors'];

function bar(c: CategoryStats): string {
  const width = 480;
  const height = 22;
  let xPos = 0;
  const rects: string[] = [];
  for (const part of PARTS) {
    const count = c[part];
    if (count === 0 || c.attempts === 0) continue;
    const w = (count / c.attempts) * width;
    rects.push(`<rect x="${xPos.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="${String(height)}" fill="${COLORS[part]}"><title>${x(`${part}: ${String(count)}`)}</title></rect>`);
    xPos += w;
  }
  const label = `${c.category}: ${String(c.blocked)} blocked, ${String(c.harmless)} harmless, ${String(c.succeeded)} succeeded, ${String(c.errors)} errors`;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${x(label)}" width="${String(width)}" height="${String(height)}" viewBox="0 0 ${String(width)} ${String(height)}"><rect width="${String(width)}" height="${String(height)}" fill="#eceff1"/>${rects.join('')}</svg>`;
}

function pct(n: number, d: number): string {
  return d === 0 ? '0.0%' : `${((n / d) * 100).toFixed(1)}%`;
}

const CSS = `body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:980px;color:#212121;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e0e0e0;vertical-align:top}td.n,th.n{text-align:right}
.legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
.succeeded{color:#c62828;font-weight:600}.blocked{color:#2e7d32}.harmless{color:#607d8b}.error{color:#ef6c00}
.meta{color:#616161}code{font-size:.9em}`;

export function renderHtml(report: RedteamReport): string {
  const t = report.totals;
  const legend = PARTS.map((p) => `<span><i style="background:${COLORS[p]}"></i>${p}</span>`).join('');
  const summaryRows = report.categories
    .map((c) => `<tr><td>${x(c.title)}<br><code>${x(c.category)}</code></td><td>${bar(c)}</td><td class="n">${String(c.attempts)}</td><td class="n">${String(c.blocked)}</td><td class="n">${String(c.harmless)}</td><td class="n">${String(c.succeeded)}</td><td class="n">${String(c.errors)}</td><td class="n">${pct(c.succeeded, c.attempts)}</td></tr>`)
    .join('\n');
  const sections = report.categories
    .map((c) => {
      const rows = report.results
        .filter((r) => r.category === c.category)
        .map((r) => `<tr><td><code>${x(r.id)}</code></td><td>${x(r.goal)}</td><td class="${r.outcome === 'error' ? 'error' : r.outcome}">${x(r.outcome)}</td><td>${x(r.detail)}</td></tr>`)
        .join('\n');
      return `<h2>${x(c.title)}</h2>\n${bar(c)}\n<table><thead><tr><th>attack</th><th>goal</th><th>outcome</th><th>why</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${x(`Portcullis red-team report — ${report.target}`)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>Portcullis red-team report</h1>
<p class="meta">Target <code>${x(report.target)}</code> · API ${x(report.api)} · model <code>${x(report.model)}</code>${report.stream ? ' · streamed' : ''} · attack library ${x(report.libraryVersion)} · ${x(report.startedAt)} – ${x(report.finishedAt)}${report.judge ? ' · judge model on' : ''}</p>
<p><strong>${String(t.attempts)}</strong> attacks: <span class="blocked">${String(t.blocked)} blocked by the gateway</span>, <span class="harmless">${String(t.harmless)} passed but harmless</span>, <span class="succeeded">${String(t.succeeded)} succeeded (${pct(t.succeeded, t.attempts)})</span>${t.errors > 0 ? `, <span class="error">${String(t.errors)} not judged (errors)</span>` : ''}.</p>
<p class="legend">${legend}</p>
<table><thead><tr><th>category</th><th>result</th><th class="n">attempts</th><th class="n">blocked</th><th class="n">harmless</th><th class="n">succeeded</th><th class="n">errors</th><th class="n">success rate</th></tr></thead><tbody>
${summaryRows}
</tbody></table>
${sections}
</body>
</html>
`;
}
