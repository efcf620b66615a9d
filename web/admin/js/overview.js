import { api } from './api.js';
import { hbars, lineWithCap, stackedBars } from './charts.js';
import { $, el, fmt } from './dom.js';

function bucketLabel(iso, bucketMs) {
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return bucketMs >= 86_400_000 ? `${d.getMonth() + 1}/${d.getDate()}` : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export async function loadOverview() {
  const form = $('#overview-form');
  const data = await api('overview', { query: { range: form.range.value, environment: form.environment.value } });
  const labels = data.buckets.map((b) => bucketLabel(b.start, data.bucketMs));
  const t = data.totals;
  $('#ov-totals').replaceChildren(
    ...[['Requests', fmt(t.requests)], ['Denied', fmt(t.denied)], ['Input tokens', fmt(t.inputTokens)], ['Output tokens', fmt(t.outputTokens)], ['Spend (USD)', `$${fmt(t.costUsd, t.costUsd < 0.01 ? 6 : 2)}`]]
      .map(([k, v]) => el('div', {}, el('dt', {}, k), el('dd', {}, v))),
  );
  stackedBars($('#chart-requests'), {
    label: `Requests per bucket: ${t.requests} in total, ${t.denied} denied`,
    labels,
    series: [
      { name: 'allowed and other', color: '#1f5fbf', values: data.buckets.map((b) => b.requests - b.denied) },
      { name: 'denied', color: '#b3261e', values: data.buckets.map((b) => b.denied) },
    ],
  });
  stackedBars($('#chart-tokens'), {
    label: `Tokens per bucket: ${t.inputTokens} input, ${t.outputTokens} output`,
    labels,
    format: (n) => fmt(n),
    series: [
      { name: 'input', color: '#5b8bd6', values: data.buckets.map((b) => b.inputTokens) },
      { name: 'output', color: '#1e7b34', values: data.buckets.map((b) => b.outputTokens) },
    ],
  });
  const s = data.spend;
  $('#spend-caption').textContent = `Spend this ${s.period} against ${s.capUsd === null ? 'no budget (none configured)' : `the budget (${s.capSource})`}`;
  lineWithCap($('#chart-spend'), {
    label: `Spend so far in each ${s.period}, US dollars${s.capUsd === null ? '' : `, cap ${s.capUsd}`}`,
    labels,
    values: s.points.map((p) => p.usd),
    cap: s.capUsd,
    format: (n) => `$${fmt(n, n < 1 ? 4 : 2)}`,
  });
  hbars($('#chart-denials'), { label: `Denied requests by error code: ${data.denials.map((d) => `${d.code} ${d.count}`).join(', ') || 'none'}`, items: data.denials });
  if (data.truncated) $('#status').textContent = 'Only the newest 50,000 events of this range are included.';
}
