import { api } from './api.js';
import { $, el, fmt, shortTime } from './dom.js';

const MARK = { pass: '✓', fail: '✗', warn: '⚠' };
const LABEL = { pass: 'passed', fail: 'failed', warn: 'advisory' };

export async function loadAlerts() {
  const { alerts } = await api('alerts', { query: { kind: $('#alerts-form').kind.value, limit: 200 } });
  const items = alerts.map((a) =>
    el('li', {},
      el('div', {}, el('strong', {}, a.kind), ' — ', a.message),
      el('div', { class: 'meta' }, `${shortTime(a.time)} UTC · ${a.subject}${a.environment ? ` · ${a.environment}` : ''}`),
      el('div', { class: 'meta mono' }, Object.entries(a.evidence ?? {}).map(([k, v]) => `${k}=${v}`).join('  '))));
  $('#alerts-list').replaceChildren(...(items.length ? items : [el('li', {}, 'No alerts.')]));
}

/** datetime-local values are local times; the API takes ISO instants. */
const iso = (local) => (local ? new Date(local).toISOString() : undefined);

export async function loadAudit() {
  const f = $('#audit-form');
  const { events, truncated } = await api('audit', {
    query: { from: iso(f.from.value), to: iso(f.to.value), environment: f.environment.value, keyId: f.keyId.value.trim(), status: f.status.value, errorCode: f.errorCode.value.trim(), limit: 200 },
  });
  const rows = events.map((e) =>
    el('tr', {},
      el('td', {}, shortTime(e.time)), el('td', { class: 'mono', title: e.requestId }, e.requestId.slice(0, 16) + '…'),
      el('td', {}, e.status), el('td', { class: e.decision === 'allowed' ? 'pass' : 'fail' }, e.errorCode ? `${e.decision} (${e.errorCode})` : e.decision),
      el('td', {}, e.endpoint), el('td', { class: 'mono' }, e.keyId ?? '–'), el('td', {}, e.environment ?? '–'), el('td', {}, e.model ?? '–'),
      el('td', {}, `${fmt(e.inputTokens)} / ${fmt(e.outputTokens)}`), el('td', {}, e.costUsd === null ? '–' : fmt(e.costUsd, 6)), el('td', {}, fmt(e.latencyMs, 1))));
  $('#audit-table tbody').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 11 }, 'No matching events.'))]));
  $('#status').textContent = truncated ? 'More events match: narrow the search.' : `${events.length} events.`;
}

export async function loadChecklist() {
  const { results } = await api('checklist');
  $('#checklist-table tbody').replaceChildren(...results.map((r) =>
    el('tr', { 'data-check': r.id },
      el('td', { class: r.status }, el('span', { class: 'mark', 'aria-hidden': 'true' }, MARK[r.status]), el('span', { class: 'sr-only' }, LABEL[r.status])),
      el('td', {}, r.title), el('td', {}, r.detail), el('td', {}, r.fix ?? ''))));
}
