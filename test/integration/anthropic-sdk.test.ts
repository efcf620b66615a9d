import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const MOCK_PREFIX = 'Hello from the Portcullis mock provider. You said: ';

describe('Anthropic SDK through the gateway', () => {
  let t: TestGateway;
  let client: Anthropic;

  beforeAll(async () => {
    t = await startTestGateway();
    client = new Anthropic({ baseURL: t.url, apiKey: t.key, maxRetries: 0 });
  });
  afterAll(() => t.close());

  it('answers a message; the 1.x SDK sends Bearer auth and its anthropic-version is forwarded unchanged', async () => {
    const before = t.upstream.requests.length;
    const message = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi claude' }] });
    expect(message.content[0]).toMatchObject({ type: 'text', text: `${MOCK_PREFIX}hi claude` });
    const seen = t.upstream.requests[before]!;
    expect(seen.headers['x-api-key']).toBe(t.providerKey);
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers['anthropic-version']).toBe('2026-10-21');
  });

  it('streams a message with usage in the audit event', async () => {
    const stream = client.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'stream claude' }] });
    let text = '';
    stream.on('text', (delta) => (text += delta));
    const final = await stream.finalMessage();
    expect(text).toBe(`${MOCK_PREFIX}stream claude`);
    expect(final.usage.output_tokens).toBeGreaterThan(0);
    const event = (await auditEvents(t)).find((e) => e.streamed && e.endpoint === 'POST /v1/messages');
    expect(event).toMatchObject({ provider: 'anthropic', apiVersion: '2026-10-21', decision: 'allowed' });
    expect(event?.tokens.output).toBe(final.usage.output_tokens);
    expect(event?.tokens.input).toBeGreaterThan(0);
  });

  it('accepts x-api-key with 2023-06-01 (0.x SDK, @ai-sdk/anthropic) and forwards version and beta unchanged', async () => {
    const before = t.upstream.requests.length;
    const res = await fetch(`${t.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': t.key,
        'anthropic-version': '2023-06-01',
        'anthropic-beta': 'prompt-caching-2024-07-31',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 32, messages: [{ role: 'user', content: 'old sdk' }] }),
    });
    expect(res.status).toBe(200);
    const seen = t.upstream.requests[before]!;
    expect(seen.headers['anthropic-version']).toBe('2023-06-01');
    expect(seen.headers['anthropic-beta']).toBe('prompt-caching-2024-07-31');
    expect(seen.headers['x-api-key']).toBe(t.providerKey);
  });

  it('counts tokens and lists models', async () => {
    const count = await client.messages.countTokens({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'count these words' }] });
    expect(count.input_tokens).toBeGreaterThan(0);
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toContain('claude-haiku-4-5');
  });

  it('pseudonymizes metadata.user_id', async () => {
    await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 8, metadata: { user_id: 'bob-42' }, messages: [{ role: 'user', content: 'x' }] });
    const event = (await auditEvents(t)).find((e) => e.user !== null);
    expect(event?.user).toMatch(/^u_[0-9a-f]{32}$/);
    expect(t.logs.join('')).not.toContain('bob-42');
  });

  it('raises the SDK\'s own error classes for gateway denials', async () => {
    const bad = new Anthropic({ baseURL: t.url, apiKey: 'pcl_dev_' + 'A'.repeat(43), maxRetries: 0 });
    await expect(bad.messages.create({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] })).rejects.toBeInstanceOf(
      Anthropic.AuthenticationError,
    );
  });
});
