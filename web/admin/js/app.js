import { api, ApiError, token } from './api.js';
import { $, fillSelect } from './dom.js';
import { loadOverview } from './overview.js';
import { initKeys, loadKeys } from './keys.js';
import { loadAlerts, loadAudit, loadChecklist } from './lists.js';

const LOADERS = { overview: loadOverview, keys: loadKeys, alerts: loadAlerts, audit: loadAudit, checklist: loadChecklist };
let current = 'overview';

export function say(message, isError = false) {
  const status = $('#status');
  status.textContent = message;
  status.classList.toggle('error', isError);
}

/** Runs a view action; a 401 sends the user back to the login form. */
export async function guarded(action) {
  try {
    await action();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      token.clear();
      showLogin('The admin token was refused. Log in again.');
      return;
    }
    say(err instanceof Error ? err.message : String(err), true);
  }
}

function showLogin(message = '') {
  $('#login').hidden = false;
  $('#nav').hidden = true;
  $('#logout').hidden = true;
  for (const panel of document.querySelectorAll('[data-view-panel]')) panel.hidden = true;
  say(message, message !== '');
  $('#token').focus();
}

function show(view) {
  current = view;
  for (const b of document.querySelectorAll('#nav button')) {
    if (b.dataset.view === view) b.setAttribute('aria-current', 'page');
    else b.removeAttribute('aria-current');
  }
  for (const panel of document.querySelectorAll('[data-view-panel]')) panel.hidden = panel.dataset.viewPanel !== view;
  say('');
  void guarded(() => LOADERS[view]());
}

async function enter() {
  const session = await api('session');
  for (const id of ['#ov-env', '#au-env']) fillSelect($(id), session.environments);
  fillSelect($('#k-env'), session.environments, false);
  $('#login').hidden = true;
  $('#nav').hidden = false;
  $('#logout').hidden = false;
  show(current);
}

$('#login-form').addEventListener('submit', (event) => {
  event.preventDefault();
  token.set($('#token').value);
  $('#token').value = '';
  void guarded(enter);
});
$('#logout').addEventListener('click', () => {
  token.clear();
  showLogin('Logged out.');
});
for (const b of document.querySelectorAll('#nav button')) b.addEventListener('click', () => show(b.dataset.view));
initKeys();
$('#overview-form').addEventListener('submit', (e) => { e.preventDefault(); void guarded(loadOverview); });
$('#alerts-form').addEventListener('submit', (e) => { e.preventDefault(); void guarded(loadAlerts); });
$('#audit-form').addEventListener('submit', (e) => { e.preventDefault(); void guarded(loadAudit); });
$('#checklist-refresh').addEventListener('click', () => void guarded(loadChecklist));

if (token.get()) void guarded(enter);
else showLogin();
