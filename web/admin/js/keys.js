import { api } from './api.js';
import { guarded, say } from './app.js';
import { $, el, shortTime } from './dom.js';

function showSecret(title, secret) {
  $('#new-secret-title').textContent = title;
  $('#new-secret-value').value = secret;
  $('#new-secret').hidden = false;
  $('#new-secret-value').focus();
  $('#new-secret-value').select();
}

function hideSecret() {
  $('#new-secret-value').value = '';
  $('#new-secret').hidden = true;
}

export function initKeys() {
  $('#key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const f = event.target;
    void guarded(async () => {
      const body = { name: f.name.value, environment: f.environment.value };
      for (const k of ['user', 'expires', 'models']) if (f[k].value.trim() !== '') body[k] = f[k].value.trim();
      const limits = {};
      if (f.rpm.value !== '') limits.requestsPerMinute = Number(f.rpm.value);
      if (f.tpm.value !== '') limits.tokensPerMinute = Number(f.tpm.value);
      if (f.budget.value !== '') limits.budgetUsd = { amount: Number(f.budget.value), period: f.budgetPeriod.value };
      if (Object.keys(limits).length > 0) body.limits = limits;
      const { key, secret } = await api('keys', { method: 'POST', body });
      f.reset();
      showSecret(`New key ${key.id} (${key.name})`, secret);
      await loadKeys();
    });
  });
  $('#copy-secret').addEventListener('click', () => void navigator.clipboard?.writeText($('#new-secret-value').value).then(() => say('Copied.')));
  $('#dismiss-secret').addEventListener('click', hideSecret);
}

export async function loadKeys() {
  const { keys } = await api('keys');
  const rows = keys.map((k) => {
    const actions = el('td', {});
    if (k.status !== 'revoked') {
      actions.append(
        el('button', { type: 'button', class: 'secondary', 'aria-label': `Rotate ${k.id}`, onclick: () => void guarded(() => rotate(k)) }, 'Rotate'), ' ',
        el('button', { type: 'button', class: 'danger', 'aria-label': `Revoke ${k.id}`, onclick: () => void guarded(() => revoke(k)) }, 'Revoke'),
      );
    }
    return el('tr', {},
      el('td', { class: 'mono' }, k.id), el('td', {}, k.name), el('td', {}, k.environment), el('td', {}, k.user ?? '–'),
      el('td', { class: k.status === 'active' ? 'pass' : 'fail' }, k.status), el('td', {}, limitsText(k.limits)), el('td', {}, shortTime(k.createdAt)),
      el('td', {}, shortTime(k.rotatedAt)), el('td', {}, shortTime(k.expiresAt)), actions);
  });
  $('#keys-table tbody').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 10 }, 'No gateway keys yet.'))]));
}

function limitsText(limits) {
  if (!limits) return '–';
  const parts = [];
  if (limits.requestsPerMinute) parts.push(`${limits.requestsPerMinute} rpm`);
  if (limits.tokensPerMinute) parts.push(`${limits.tokensPerMinute} tpm`);
  if (limits.maxConcurrent) parts.push(`${limits.maxConcurrent} in flight`);
  if (limits.budgetUsd) parts.push(`$${limits.budgetUsd.amount}/${limits.budgetUsd.period}`);
  return parts.join(' · ') || '–';
}

async function revoke(k) {
  if (!confirm(`Revoke ${k.id} (${k.name})? Requests with it fail at once.`)) return;
  await api(`keys/${encodeURIComponent(k.id)}/revoke`, { method: 'POST', body: {} });
  say(`Revoked ${k.id}.`);
  await loadKeys();
}

async function rotate(k) {
  const grace = prompt(`Rotate ${k.id}: how long may the old key keep working? (e.g. 24h, 0s)`, '24h');
  if (grace === null) return;
  const res = await api(`keys/${encodeURIComponent(k.id)}/rotate`, { method: 'POST', body: { grace: grace.trim() } });
  showSecret(`Rotated ${k.id}; the old key works until ${shortTime(res.previousValidUntil)} UTC`, res.secret);
  await loadKeys();
}
