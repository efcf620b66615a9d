import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';

/**
 * The invariant: a provider key never leaves the gateway — not in a response, an error, a log
 * line or an audit event. The upstream here misbehaves on purpose: it echoes the key in errors.
 */
describe('the provider key never leaves the gateway', () => {
  let t: TestGateway;
  const bodies: string[] = [];
  const headers: string[] = [];

  beforeAll(async () => {
    let providerKey = '';
    t = await startTestGateway({
      behavior: (r) => {
        providerKey = String(r.headers.authorization ?? r.headers['x-api-key'] ?? '').replace('Bearer ', '');
        const content = JSON.stringify(r.body ?? {});
        if (content.includes('echo-500')) {
          return { kind: 'status', status: 500, body: { error: { message: `internal: key ${providerKey} failed`, type: 'server_error' } } };
        }
        if (content.includes('echo-masked')) {
          return { kind: 'status', status: 400, body: { error: { message: `Incorrect API key provided: ${providerKey.slice(0, 8)}****${providerKey.slice(-4)}`, type: 'invalid_request_error' } } };
        }
        if (content.includes('reject-key')) {
          return { kind: 'status', status: 401, body: { error: { message: `Incorrect API key provided: ${providerKey}`, type: 'invalid_request_error', code: 'invalid_api_key' } } };
        }
        return undefined;
      },
    });
  });
  afterAll(() => t.close());

  async function call(path: string, body: unknown, extra: Record<string, string> = {}): Promise<void> {
    const res = await fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', ...extra },
      body: JSON.stringify(body),
    });
    bodies.push(await res.text());
    headers.push(JSON.stringify([...res.headers.entries()]));
  }

  it('through successes, streams, denials and misbehaving upstream errors', async () => {
    const openai = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
    const anthropic = new Anthropic({ baseURL: t.url, apiKey: t.key, maxRetries: 0 });
    bodies.push(JSON.stringify(await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })));
    for await (const chunk of await openai.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'hi' }] })) {
      bodies.push(JSON.stringify(chunk));
    }
    bodies.push(JSON.stringify(await anthropic.messages.create({ model: 'claude-haiku-4-5', max_tokens: 9, messages: [{ role: 'user', content: 'hi' }] })));
    await call('/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'echo-500' }] });
    await call('/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'echo-masked' }] });
    await call('/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'reject-key' }] });
    await call('/v1/messages', { model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'echo-500' }] }, { 'anthropic-version': '2023-06-01' });
    await call('/v1/chat/completions', { model: 'gpt-4o-mini', messages: [] }, { authorization: 'Bearer wrong' });

    const events = JSON.stringify(await auditEvents(t));
    expect(t.logs.length).toBeGreaterThan(5); // the logs were captured, so their silence means something
    expect(t.logs.join('')).toContain('provider rejected the configured API key');
    const everything = [...bodies, ...headers, ...t.logs, events].join('\n');
    expect(everything).not.toContain(t.providerKey);
    // Not even the masked form OpenAI echoes, nor any sk- shape, nor the gateway key itself.
    expect(everything).not.toContain(t.providerKey.slice(-4) + '"');
    expect(everything).not.toMatch(/sk-proj-/);
    expect([...t.logs, events].join('\n')).not.toContain(t.key);
    // The rejected upstream credential becomes the gateway's own coded error.
    expect(bodies.some((b) => b.includes('provider_key_unavailable'))).toBe(true);
    // …and tells the SDKs not to retry what only an operator can fix.
    expect(headers.some((h) => h.includes('"x-should-retry","false"'))).toBe(true);
  });
});
