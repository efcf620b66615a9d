import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const MOCK_PREFIX = 'Hello from the Portcullis mock provider. You said: ';

describe('OpenAI SDK through the gateway', () => {
  let t: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    t = await startTestGateway();
    client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
  });
  afterAll(() => t.close());

  it('answers a chat completion, and the upstream gets the provider key, not the gateway key', async () => {
    const before = t.upstream.requests.length;
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ping' }] });
    expect(completion.choices[0]?.message.content).toBe(`${MOCK_PREFIX}ping`);
    const seen = t.upstream.requests[before]!;
    expect(seen.path).toBe('/v1/chat/completions');
    expect(seen.headers.authorization).toBe(`Bearer ${t.providerKey}`);
    expect(JSON.stringify(seen.headers)).not.toContain(t.key);
  });

  it('streams a chat completion and hides the usage chunk the gateway asked for', async () => {
    const before = t.upstream.requests.length;
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'stream me' }] });
    let text = '';
    let usageChunks = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usageChunks++;
    }
    expect(text).toBe(`${MOCK_PREFIX}stream me`);
    expect(usageChunks).toBe(0);
    // The gateway asked the upstream for usage on the client's behalf.
    expect(t.upstream.requests[before]!.body?.stream_options).toEqual({ include_usage: true });
    const event = (await auditEvents(t)).find((e) => e.streamed && e.endpoint === 'POST /v1/chat/completions');
    expect(event?.tokens.output).toBe(text.split(/\s+/).filter(Boolean).length);
    expect(event?.tokens.input).toBeGreaterThan(0);
  });

  it('keeps the usage chunk when the client asked for it', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'count' }],
    });
    const usages = [];
    for await (const chunk of stream) if (chunk.usage) usages.push(chunk.usage);
    expect(usages).toHaveLength(1);
    expect(usages[0]?.completion_tokens).toBeGreaterThan(0);
  });

  it('answers the Responses API, streamed and not', async () => {
    const response = await client.responses.create({ model: 'gpt-4o-mini', input: 'hello responses' });
    expect(response.output_text).toBe(`${MOCK_PREFIX}hello responses`);

    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'streamed responses', stream: true });
    let text = '';
    let completed = false;
    for await (const event of stream) {
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = true;
    }
    expect(text).toBe(`${MOCK_PREFIX}streamed responses`);
    expect(completed).toBe(true);
    const event = (await auditEvents(t)).find((e) => e.streamed && e.endpoint === 'POST /v1/responses');
    expect(event?.tokens.output).toBeGreaterThan(0);
  });

  it('answers embeddings and lists models', async () => {
    const embedding = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'] });
    expect(embedding.data).toHaveLength(2);
    expect(embedding.data[0]?.embedding).toHaveLength(8);
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toContain('gpt-4o-mini');
  });

  it('forwards an unedited body byte for byte, unknown fields included', async () => {
    const before = t.upstream.requests.length;
    // An output cap within the policy: no stage needs to edit this body.
    const raw = '{ "model": "gpt-4o-mini", "max_completion_tokens": 64,  "messages": [{"role":"user","content":"exact"}], "x_vendor_field": {"n": 1.50} }';
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
      body: raw,
    });
    expect(res.status).toBe(200);
    expect(t.upstream.requests[before]!.rawBody).toBe(raw);
  });

  it('records one audit event per request, with the stages and without content', async () => {
    const events = await auditEvents(t);
    const event = events.find((e) => e.endpoint === 'POST /v1/chat/completions' && !e.streamed);
    expect(event).toMatchObject({ keyId: t.keyId, environment: 'dev', provider: 'openai', model: 'gpt-4o-mini', status: 200, decision: 'allowed', upstreamStatus: 200 });
    expect(event?.stages.map((s) => s.stage)).toEqual([
      'auth',
      'identity',
      'access',
      'rate-limit',
      'system-prompt',
      'output-cap',
      'token-limit',
      'input-guard',
      'app-filter',
      'moderation',
      'budget',
      'prompt-leak',
      'output-secrets',
      'output-pii',
      'output-links',
      'output-html',
      'output-schema',
    ]);
    expect(event?.costUsd).toBeGreaterThan(0);
    expect(event?.overheadMs).toBeLessThanOrEqual(event?.latencyMs ?? 0);
    expect(JSON.stringify(events)).not.toContain('ping');
    expect(JSON.stringify(events)).not.toContain(MOCK_PREFIX);
  });

  it('pseudonymizes the OpenAI user and safety_identifier fields', async () => {
    // The deprecated `user` field is still sent by older apps; the gateway must read it.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    await client.chat.completions.create({ model: 'gpt-4o-mini', user: 'alice@example.com', messages: [{ role: 'user', content: 'u' }] });
    await client.chat.completions.create({ model: 'gpt-4o-mini', safety_identifier: 'alice@example.com', messages: [{ role: 'user', content: 'u' }] });
    const users = (await auditEvents(t)).map((e) => e.user).filter((u): u is string => u !== null);
    expect(users.length).toBeGreaterThanOrEqual(2);
    expect(new Set(users).size).toBe(1);
    expect(users[0]).toMatch(/^u_[0-9a-f]{32}$/);
    expect(t.logs.join('')).not.toContain('alice@example.com');
  });
});
