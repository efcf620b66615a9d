import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../../src/keys/issue.js';
import { auditEvents, fakeProviderKey, startTestGateway, type TestGateway } from '../helpers/gateway.js';

describe('coded errors in the caller\'s API shape', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway({ config: { server: { bodyLimitBytes: 10_000, maxJsonDepth: 8 } }, environment: { allowedModels: ['gpt-4o*', 'claude-*', 'text-embedding-3-small'] } });
  });
  afterAll(() => t.close());

  const post = (path: string, body: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${t.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', ...headers }, body });

  const chat = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] });

  async function expectError(res: Response, status: number, code: string): Promise<Record<string, unknown>> {
    expect(res.status).toBe(status);
    expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(res.headers.get('x-portcullis-error-code')).toBe(code);
    const body = (await res.json()) as Record<string, unknown>;
    return body;
  }

  it('missing key → 401 missing_api_key, OpenAI shape', async () => {
    const body = await expectError(await post('/v1/chat/completions', chat, { authorization: '' }), 401, 'missing_api_key');
    expect(body).toMatchObject({ error: { type: 'authentication_error', code: 'missing_api_key' } });
  });

  it('missing key on an Anthropic route → Anthropic shape', async () => {
    const body = await expectError(await post('/v1/messages', '{"model":"claude-haiku-4-5","max_tokens":1,"messages":[]}', { authorization: '', 'anthropic-version': '2023-06-01' }), 401, 'missing_api_key');
    expect(body).toMatchObject({ type: 'error', error: { type: 'authentication_error', code: 'missing_api_key' } });
  });

  it('a provider key sent by a client is refused and never forwarded', async () => {
    const before = t.upstream.requests.length;
    for (const leaked of [fakeProviderKey('openai'), fakeProviderKey('anthropic')]) {
      await expectError(await post('/v1/chat/completions', chat, { authorization: `Bearer ${leaked}` }), 401, 'provider_key_refused');
      await expectError(await post('/v1/messages', '{"model":"claude-haiku-4-5"}', { authorization: '', 'x-api-key': leaked }), 401, 'provider_key_refused');
    }
    expect(t.upstream.requests.length).toBe(before);
  });

  it('keys in the query string are refused', async () => {
    await expectError(await post(`/v1/chat/completions?api_key=${t.key}`, chat), 400, 'key_in_query_refused');
    await expectError(await post(`/v1/chat/completions?x=${t.key}`, chat), 400, 'key_in_query_refused');
  });

  it('unknown, revoked and expired keys', async () => {
    await expectError(await post('/v1/chat/completions', chat, { authorization: 'Bearer pcl_dev_' + '0'.repeat(43) }), 401, 'invalid_api_key');
    await expectError(await post('/v1/chat/completions', chat, { authorization: 'Bearer not-a-key' }), 401, 'invalid_api_key');
    const revoked = await issueKey(t.store, { name: 'r', environment: 'dev' });
    await t.store.revokeKey(revoked.record.id, new Date());
    await expectError(await post('/v1/chat/completions', chat, { authorization: `Bearer ${revoked.key}` }), 401, 'key_revoked');
    const expired = await issueKey(t.store, { name: 'e', environment: 'dev', expiresInMs: 1 }, new Date(Date.now() - 1000));
    await expectError(await post('/v1/chat/completions', chat, { authorization: `Bearer ${expired.key}` }), 401, 'key_expired');
  });

  it('bad bodies: too large, too deep, invalid JSON, not an object, wrong content type', async () => {
    await expectError(await post('/v1/chat/completions', JSON.stringify({ model: 'gpt-4o-mini', pad: 'x'.repeat(20_000) })), 413, 'body_too_large');
    await expectError(await post('/v1/chat/completions', `{"model":"gpt-4o-mini","a":${'['.repeat(20)}${']'.repeat(20)}}`), 400, 'json_too_deep');
    await expectError(await post('/v1/chat/completions', '{"model": '), 400, 'invalid_json');
    await expectError(await post('/v1/chat/completions', '[1,2]'), 400, 'invalid_request');
    await expectError(await post('/v1/chat/completions', chat, { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    const anthropic = await expectError(await post('/v1/messages', '{"model": ', { 'anthropic-version': '2023-06-01' }), 400, 'invalid_json');
    expect(anthropic).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('unknown route → 404 and wrong method → 405', async () => {
    await expectError(await post('/v1/nope', chat), 404, 'route_not_found');
    await expectError(await fetch(`${t.url}/v1/chat/completions`, { headers: { authorization: `Bearer ${t.key}` } }), 405, 'method_not_allowed');
  });

  it('models outside the environment or key allow-list → 403 model_not_allowed; model missing → 400', async () => {
    await expectError(await post('/v1/chat/completions', JSON.stringify({ model: 'o3-pro', messages: [] })), 403, 'model_not_allowed');
    const narrow = await issueKey(t.store, { name: 'narrow', environment: 'dev', allowedModels: ['gpt-4o'] });
    await expectError(await post('/v1/chat/completions', chat, { authorization: `Bearer ${narrow.key}` }), 403, 'model_not_allowed');
    await expectError(await post('/v1/chat/completions', JSON.stringify({ messages: [] })), 400, 'model_required');
    // The model list shows only what the key may call.
    const list = (await (await fetch(`${t.url}/v1/models`, { headers: { authorization: `Bearer ${narrow.key}` } })).json()) as { data: { id: string }[] };
    expect(list.data.map((m) => m.id)).toEqual(['gpt-4o']);
  });

  it('the SDK raises its usual exception classes', async () => {
    const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: 'pcl_dev_' + 'Z'.repeat(43), maxRetries: 0 });
    const error = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
    const ok = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
    await expect(ok.chat.completions.create({ model: 'o1', messages: [] })).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it('keeps serving after all of that, and audits denials with the stage that denied', async () => {
    const res = await post('/v1/chat/completions', chat);
    expect(res.status).toBe(200);
    const denied = (await auditEvents(t)).filter((e) => e.decision === 'denied');
    expect(denied.length).toBeGreaterThan(5);
    const revoked = denied.find((e) => e.errorCode === 'key_revoked');
    expect(revoked?.stages).toEqual([
      expect.objectContaining({ stage: 'auth', decision: 'deny', code: 'key_revoked' }),
      expect.objectContaining({ stage: 'identity', decision: 'skipped' }),
      expect.objectContaining({ stage: 'access', decision: 'skipped' }),
      expect.objectContaining({ stage: 'rate-limit', decision: 'skipped' }),
      expect.objectContaining({ stage: 'system-prompt', decision: 'skipped' }),
      expect.objectContaining({ stage: 'output-cap', decision: 'skipped' }),
      expect.objectContaining({ stage: 'token-limit', decision: 'skipped' }),
      expect.objectContaining({ stage: 'input-guard', decision: 'skipped' }),
      expect.objectContaining({ stage: 'app-filter', decision: 'skipped' }),
      expect.objectContaining({ stage: 'moderation', decision: 'skipped' }),
      expect.objectContaining({ stage: 'budget', decision: 'skipped' }),
    ]);
  });

  it('requests refused before any route ran are audited too (probing shows up)', async () => {
    await post('/v1/admin/secret-probe', chat);
    await post('/v1/chat/completions', '{"broken');
    const events = await auditEvents(t);
    expect(events.find((e) => e.errorCode === 'route_not_found')).toMatchObject({ endpoint: 'POST /v1/admin/secret-probe', status: 404, decision: 'denied' });
    expect(events.find((e) => e.errorCode === 'invalid_json')).toMatchObject({ endpoint: 'POST /v1/chat/completions', status: 400 });
  });

  it('health and readiness', async () => {
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('x-request-id')).toBeTruthy();
  });
});
