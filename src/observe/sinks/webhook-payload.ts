import { createHmac } from 'node:crypto';
import type { StoredAlert } from '../alerts.js';

/** The header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. */
export const SIGNATURE_HEADER = 'x-portcullis-signature';
export const TIMESTAMP_HEADER = 'x-portcullis-timestamp';

/** The generic JSON payload: the stored alert, under a type tag receivers can route on. */
export function jsonPayload(alert: StoredAlert): string {
  return JSON.stringify({ type: 'portcullis.alert', version: 1, alert });
}

/** Slack's incoming-webhook format (`text` plus Block Kit sections); evidence as fields. */
export function slackPayload(alert: StoredAlert): string {
  const where = alert.environment === undefined ? '' : ` [${alert.environment}]`;
  const title = `:rotating_light: Portcullis alert${where}: ${alert.kind}`;
  const fields = Object.entries(alert.evidence)
    .slice(0, 10) // Slack allows at most 10 fields per section.
    .map(([name, value]) => ({ type: 'mrkdwn', text: `*${escapeSlack(name)}*\n${escapeSlack(String(value))}` }));
  return JSON.stringify({
    text: `${title} — ${escapeSlack(alert.message)}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${escapeSlack(title)}*\n${escapeSlack(alert.message)}` } },
      ...(fields.length > 0 ? [{ type: 'section', fields }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${escapeSlack(alert.subject)} · ${alert.time} · ${alert.id}` }] },
    ],
  });
}

/** Slack's three control characters (api.slack.com/reference/surfaces/formatting#escaping). */
function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * The signature of a body: HMAC-SHA256 over `<timestamp>.<raw body>` (the timestamp lets a
 * receiver refuse replays older than a few minutes), as `t=…,v1=…`.
 */
export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}
