import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { parseConfig } from '../../src/config/load.js';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const ADMIN_TOKEN = 'admin-test-token-0123456789abcdef';
const HEADER = 'x-portcullis-admin-token';

let t: TestGateway;
/** Every admin response body seen, checked at the end for secrets. */
const bodies: string[] = [];

async function call(path: string, init: { method?: string; body?: unknown; token?: string | null } = {}): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (init.token !== null) headers[HEADER] = init.token ?? ADMIN_TOKEN;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${t.url}/admin/api/${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  bodies.push(text);
  return { status: res.status, json: JSON.parse(text) as Record<string, unknown>, headers: res.headers };
}

beforeAll(async () => {
  t = await startTestGateway({ config: { admin: { token: 'env:ADMIN_TOKEN' } }, secretEnv: { ADMIN_TOKEN } });
});
afterAll(async () => {
  await t.close();
});

describe('/admin/api', () => {
  it('refuses every route without the token, or with a wrong one', async () => {
    for (const path of ['session', 'keys', 'overview', 'audit', 'alerts', 'checklist']) {
      const missing = await call(path, { token: null });
      expect(missing.status, path).toBe(401);
      expect((missing.json.error as { code: string }).code).toBe('admin_unauthorized');
      expect((await call(path, { token: `${ADMIN_TOKEN}x` })).status).toBe(401);
    }
    const create = await call('keys', { method: 'POST', body: { name: 'x', environment: 'dev' }, token: 'nope' });
    expect(create.status).toBe(401);
    expect((await t.store.listKeys()).map((k) => k.name)).not.toContain('x');
  });

  it('sets a strict CSP and no caching on answers', async () => {
    const { headers } = await call('session');
    expect(headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(headers.get('cache-control')).toBe('no-store');
    const page = await fetch(`${t.url}/admin`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/admin/js/app.js">');
    expect(html).not.toMatch(/<script>(?!<)/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect((await fetch(`${t.url}/admin/js/app.js`)).headers.get('content-type')).toContain('text/javascript');
  });

  it('returns a key secret only from create and rotate, and the secret works', async () => {
    const created = await call('keys', { method: 'POST', body: { name: 'api test', environment: 'dev', expires: '30d', limits: { requestsPerMinute: 30, budgetUsd: { amount: 5, period: 'month' } } } });
    expect(created.status).toBe(201);
    const secret = created.json.secret as string;
    const id = (created.json.key as { id: string }).id;
    expect(secret).toMatch(/^pcl_dev_/);

    const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: secret, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello admin' }] });
    expect(completion.choices[0]?.message.content).toBeTruthy();

    const list = await call('keys');
    const listed = (list.json.keys as { id: string; status: string }[]).find((k) => k.id === id);
    expect(listed?.status).toBe('active');
    expect((await t.store.getKey(id))?.limits).toEqual({ requestsPerMinute: 30, budgetUsd: { amount: 5, period: 'month' } });
    expect((await call('keys', { method: 'POST', body: { name: 'x', environment: 'dev', limits: { requestsPerMinute: -1 } } })).status).toBe(400);
    expect(JSON.stringify(list.json)).not.toContain(secret);

    const rotated = await call(`keys/${id}/rotate`, { method: 'POST', body: { grace: '0s' } });
    expect(rotated.status).toBe(200);
    const next = rotated.json.secret as string;
    expect(next).toMatch(/^pcl_dev_/);
    expect(next).not.toBe(secret);

    const revoked = await call(`keys/${id}/revoke`, { method: 'POST', body: {} });
    expect((revoked.json.key as { status: string }).status).toBe('revoked');
    await expect(new OpenAI({ baseURL: `${t.url}/v1`, apiKey: next, maxRetries: 0 }).models.list()).rejects.toMatchObject({ status: 401 });
    expect((await call('keys/key_doesnotexist/revoke', { method: 'POST', body: {} })).status).toBe(404);
    expect((await call('keys', { method: 'POST', body: { name: 'x', environment: 'nope' } })).status).toBe(400);

    // Only the two answers that hand out a key carry one.
    const carrying = bodies.filter((b) => /pcl_[a-z0-9-]+_[A-Za-z0-9]{40,}/.test(b));
    expect(carrying).toHaveLength(2);
  });

  it('shows traffic in the overview and the audit search, metadata only', async () => {
    const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a very private prompt' }] });
    await auditEvents(t);
    const overview = await call('overview', { method: 'GET' });
    const totals = overview.json.totals as { requests: number; inputTokens: number };
    expect(totals.requests).toBeGreaterThanOrEqual(2);
    expect(totals.inputTokens).toBeGreaterThan(0);
    expect((overview.json.buckets as unknown[]).length).toBe(24);

    const search = await call(`audit?keyId=${t.keyId}&status=200`);
    const events = search.json.events as { keyId: string; status: number; requestId: string }[];
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.every((e) => e.keyId === t.keyId && e.status === 200)).toBe(true);
    expect(JSON.stringify(search.json)).not.toContain('private prompt');
    expect((await call('audit?status=499')).json.events).toEqual([]);
    expect((await call('audit?environment=Bad!')).status).toBe(400);
  });

  it('lists stored alerts and runs the checklist live', async () => {
    await t.store.appendAlert({ id: 'al_test1', kind: 'volume_spike', time: new Date().toISOString(), subject: 'env:dev', message: 'calls 3x baseline', evidence: { calls: 30 }, environment: 'dev' });
    const alerts = await call('alerts?kind=volume_spike');
    expect((alerts.json.alerts as { id: string }[]).map((a) => a.id)).toContain('al_test1');
    const checklist = await call('checklist');
    const results = checklist.json.results as { id: string; status: string }[];
    expect(results.find((r) => r.id === 'cors-and-route-exposure')?.status).not.toBe('fail');
    expect(results.find((r) => r.id === 'rate-limits-per-user')?.status).toBe('fail');
    expect(results.length).toBeGreaterThan(10);
  });

  it('serves the reloaded config after a SIGHUP reload, not the start-up one', async () => {
    expect((await call('session')).json.environments).not.toContain('staging');
    expect((await call('keys', { method: 'POST', body: { name: 'before reload', environment: 'staging' } })).status).toBe(400);
    const running = t.gateway.config;
    await t.gateway.reload(parseConfig({ ...running, environments: { ...running.environments, staging: running.environments.dev! } }));
    expect((await call('session')).json.environments).toContain('staging');
    const created = await call('keys', { method: 'POST', body: { name: 'after reload', environment: 'staging' } });
    expect(created.status).toBe(201);
    expect((created.json.key as { environment: string }).environment).toBe('staging');
  });

  it('never puts the provider key or the admin token in an answer', () => {
    for (const body of bodies) {
      expect(body).not.toContain(t.providerKey);
      expect(body).not.toContain(ADMIN_TOKEN);
    }
  });
});

describe('admin off', () => {
  it('serves nothing under /admin without admin.token', async () => {
    const plain = await startTestGateway();
    try {
      expect((await fetch(`${plain.url}/admin`)).status).toBe(404);
      expect((await fetch(`${plain.url}/admin/api/keys`, { headers: { [HEADER]: ADMIN_TOKEN } })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
