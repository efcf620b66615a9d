import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { ConfigInput } from '../../src/config/schema.js';
import type { StoredAlert } from '../../src/observe/alerts.js';
import { createObservability, type Observability } from '../../src/observe/index.js';
import { createLogger } from '../../src/observe/logger.js';
import { createEnvSource } from '../../src/secrets/env-source.js';
import { createSecretResolver } from '../../src/secrets/resolve.js';
import { createMemoryStore } from '../../src/store/memory/memory-store.js';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A webhook receiver on loopback that answers with the statuses it is given, then 200. */
async function receiver(statuses: number[] = []): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(statuses.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/alerts`, received, server };
}

const SIGNING_SECRET = 'whsec_test_0123456789abcdef';
const logs: string[] = [];
const opened: { obs: Observability; server: Server }[] = [];

async function observability(monitoring: NonNullable<ConfigInput['monitoring']>, env: Record<string, string> = {}) {
  const config = parseConfig({ store: { kind: 'memory' }, environments: { prod: {} }, monitoring });
  const store = createMemoryStore();
  const obs = await createObservability(config, {
    store,
    logger: createLogger('info', { write: (line: string) => void logs.push(line) }),
    secrets: createSecretResolver([createEnvSource({ WEBHOOK_SIGNING: SIGNING_SECRET, ...env })]),
    sleep: () => new Promise((resolve) => setTimeout(resolve, 1)),
  });
  return { obs, store };
}

const spike = { kind: 'volume_spike' as const, time: '2026-03-02T10:00:00.000Z', subject: 'environment:prod', message: 'a <spike> & more', evidence: { callsThisHour: 500, baselinePerHour: 60 } };

afterEach(async () => {
  for (const { obs, server } of opened.splice(0)) {
    await obs.close();
    server.close();
  }
});

describe('alert webhooks', () => {
  it('posts the JSON payload signed with HMAC-SHA256 over timestamp and raw body, retrying a 503', async () => {
    const hook = await receiver([503]);
    const { obs, store } = await observability({
      alerts: {
        initialBackoffMs: 1,
        webhooks: [{ name: 'ops', url: hook.url, format: 'json', signingSecret: 'env:WEBHOOK_SIGNING', allowPrivateNetwork: true }],
      },
    });
    opened.push({ obs, server: hook.server });
    const raised = obs.alerts.raise(spike, 'prod');
    await obs.close();
    expect(hook.received).toHaveLength(2); // the 503, then the delivery
    const { headers, body } = hook.received[1]!;
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-portcullis-alert-id']).toBe(raised?.id);
    // The receiver's check: recompute the MAC over `<t>.<raw body>` and compare.
    const signature = String(headers['x-portcullis-signature']);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature) ?? [];
    expect(t).toBe(headers['x-portcullis-timestamp']);
    expect(Math.abs(Number(t) - Date.now() / 1000)).toBeLessThan(60);
    expect(v1).toBe(createHmac('sha256', SIGNING_SECRET).update(`${t}.${body}`).digest('hex'));
    // A tampered body does not verify.
    expect(createHmac('sha256', SIGNING_SECRET).update(`${t}.${body.replace('500', '501')}`).digest('hex')).not.toBe(v1);
    const payload = JSON.parse(body) as { type: string; version: number; alert: StoredAlert };
    expect(payload).toEqual({ type: 'portcullis.alert', version: 1, alert: { ...spike, id: raised?.id, environment: 'prod' } });
    expect(body).not.toContain(SIGNING_SECRET);
    // Stored for the admin page, and counted.
    expect((await store.listAlerts({ limit: 10 })).map((a) => a.id)).toEqual([raised?.id]);
    const metrics = await obs.metrics!.scrape();
    expect(metrics.body).toMatch(/portcullis_alert_delivery_retries_total\{destination="webhook:ops"\} 1/);
    expect(metrics.body).toMatch(/portcullis_alerts_total\{kind="volume_spike"\} 1/);
  });

  it('posts a Slack-compatible payload, escaped, without a signature when none is configured', async () => {
    const hook = await receiver();
    const { obs } = await observability({ alerts: { webhooks: [{ name: 'slack', url: hook.url, format: 'slack', allowPrivateNetwork: true }] } });
    opened.push({ obs, server: hook.server });
    obs.alerts.raise(spike, 'prod');
    await obs.close();
    expect(hook.received).toHaveLength(1);
    const { headers, body } = hook.received[0]!;
    expect(headers['x-portcullis-signature']).toBeUndefined();
    const payload = JSON.parse(body) as { text: string; blocks: { type: string; fields?: { text: string }[] }[] };
    expect(payload.text).toBe(':rotating_light: Portcullis alert [prod]: volume_spike — a &lt;spike&gt; &amp; more');
    expect(payload.blocks.map((b) => b.type)).toEqual(['section', 'section', 'context']);
    expect(payload.blocks[1]!.fields!.map((f) => f.text)).toEqual(['*callsThisHour*\n500', '*baselinePerHour*\n60']);
  });

  it('counts a delivery that keeps failing, and does not retry a 4xx refusal', async () => {
    const failing = await receiver([500, 500, 500]);
    const refusing = await receiver([400]);
    const { obs } = await observability({
      alerts: {
        maxAttempts: 3,
        initialBackoffMs: 1,
        webhooks: [
          { name: 'failing', url: failing.url, allowPrivateNetwork: true },
          { name: 'refusing', url: refusing.url, allowPrivateNetwork: true },
        ],
      },
    });
    opened.push({ obs, server: failing.server }, { obs, server: refusing.server });
    obs.alerts.raise(spike, 'prod');
    await obs.close();
    expect(failing.received).toHaveLength(3);
    expect(refusing.received).toHaveLength(1);
    const metrics = (await obs.metrics!.scrape()).body;
    expect(metrics).toMatch(/portcullis_alert_delivery_failures_total\{destination="webhook:failing",reason="exhausted"\} 1/);
    expect(metrics).toMatch(/portcullis_alert_delivery_failures_total\{destination="webhook:refusing",reason="rejected"\} 1/);
    // The log names the webhook, never its URL.
    const failures = logs.filter((line) => line.includes('alert delivery failed'));
    expect(failures.length).toBeGreaterThanOrEqual(2);
    for (const line of failures) expect(line).not.toContain('/hooks/alerts');
  });

  it('sends only the kinds and environments a webhook asks for', async () => {
    const hook = await receiver();
    const { obs } = await observability({
      alerts: { webhooks: [{ name: 'budget-only', url: hook.url, kinds: ['budget_threshold'], environments: ['prod'], allowPrivateNetwork: true }] },
    });
    opened.push({ obs, server: hook.server });
    obs.alerts.raise(spike, 'prod');
    obs.alerts.emit({ kind: 'budget_threshold', time: spike.time, subject: 'usd-month:global', message: 'global budget 80%', evidence: {} });
    obs.alerts.emit({ kind: 'budget_threshold', time: spike.time, subject: 'usd-month:env:prod', message: 'prod budget 80%', evidence: {} });
    await obs.close();
    expect(hook.received.map((r) => (JSON.parse(r.body) as { alert: StoredAlert }).alert.subject)).toEqual(['usd-month:env:prod']);
  });
});

describe('webhook egress', () => {
  it('refuses a loopback receiver unless allowPrivateNetwork is set, and never retries that', async () => {
    const hook = await receiver();
    const { obs } = await observability({ alerts: { maxAttempts: 5, webhooks: [{ name: 'local', url: hook.url.replace('http:', 'https:') }] } });
    opened.push({ obs, server: hook.server });
    obs.alerts.raise(spike, 'prod');
    await obs.close();
    expect(hook.received).toHaveLength(0);
    expect((await obs.metrics!.scrape()).body).toMatch(/portcullis_alert_delivery_failures_total\{destination="webhook:local",reason="rejected"\} 1/);
  });

  it('checks webhook config: plain http only for private receivers, a host for secret URLs, and the host must match', async () => {
    const base = { store: { kind: 'memory' }, environments: { prod: {} } } as const;
    expect(() => parseConfig({ ...base, monitoring: { alerts: { webhooks: [{ name: 'a', url: 'http://hooks.example.com/x' }] } } })).toThrow(/plain http/);
    expect(() => parseConfig({ ...base, monitoring: { alerts: { webhooks: [{ name: 'a', url: 'env:SLACK_URL' }] } } })).toThrow(/host/);
    expect(() => parseConfig({ ...base, monitoring: { alerts: { webhooks: [{ name: 'a', url: 'https://hooks.example.com/x', host: 'other.example.com' }] } } })).toThrow(
      /does not match/,
    );
    expect(() => parseConfig({ ...base, monitoring: { alerts: { webhooks: [{ name: 'a', url: 'https://h.example.com/x', environments: ['staging'] }] } } })).toThrow(
      /unknown environment "staging"/,
    );
    // A URL kept as a secret must point at the configured host.
    await expect(
      observability(
        { alerts: { webhooks: [{ name: 'slack', url: 'env:SLACK_URL', host: 'hooks.slack.com' }] } },
        { SLACK_URL: 'https://evil.example.net/services/T000/B000/XXXX' },
      ),
    ).rejects.toThrow(/not the configured host hooks\.slack\.com/);
  });
});
