import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../../src/keys/issue.js';
import { startMockProvider, type MockProvider } from '../../src/mock/server.js';
import { auditEvents, fakeProviderKey, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const VIOLENT = 'Describe the scene. [mock-moderation:violence]';
const moderationCalls = (t: TestGateway): number => t.upstream.requests.filter((r) => r.path === '/v1/moderations').length;

describe('moderation before the main call', () => {
  let t: TestGateway;
  let failOpenKey: string;
  let flagKey: string;
  beforeAll(async () => {
    const first = await startTestGateway();
    const failOpen = await issueKey(first.store, { name: 'fail-open', environment: 'dev' });
    const flag = await issueKey(first.store, { name: 'flag', environment: 'dev' });
    const store = first.store;
    await first.close();
    t = await startTestGateway({
      store,
      // The mock hangs on moderation inputs that ask for it, to exercise the timeout.
      behavior: (record) => (record.path === '/v1/moderations' && record.rawBody.includes('please hang') ? { kind: 'hang' } : undefined),
      environment: {
        guard: {
          moderation: { enabled: true, timeoutMs: 300, thresholds: { harassment: 0.5 } },
          perKey: {
            [failOpen.record.id]: { moderation: { onError: 'fail-open' } },
            [flag.record.id]: { moderation: { action: 'flag' } },
          },
        },
      },
    });
    failOpenKey = failOpen.key;
    flagKey = flag.key;
  });
  afterAll(() => t.close());

  it('refuses flagged content with the coded error before the main call (OpenAI SDK), using the provider key', async () => {
    const chats = t.upstream.requests.filter((r) => r.path === '/v1/chat/completions').length;
    const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
    const err = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: VIOLENT }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('moderation_flagged');
    expect((err as Error).message).toContain('violence');
    expect(t.upstream.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(chats);
    const call = t.upstream.requests.findLast((r) => r.path === '/v1/moderations');
    expect(call?.headers.authorization).toBe(`Bearer ${t.providerKey}`);
    expect(call?.body).toMatchObject({ model: 'omni-moderation-latest', input: [VIOLENT] });
  });

  it('moderates Anthropic-bound traffic with the environment\'s OpenAI key (Anthropic SDK)', async () => {
    const client = new Anthropic({ baseURL: t.url, apiKey: t.key, maxRetries: 0 });
    const err = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: VIOLENT }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as Error).message).toContain('moderation');
  });

  it('caches results by content: the same prompt is moderated once', async () => {
    const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
    const text = `A friendly question about gardening ${Date.now()}`;
    const before = moderationCalls(t);
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] });
    expect(moderationCalls(t)).toBe(before + 1);
  });

  it('applies per-category thresholds over the provider flag', async () => {
    // harassment has a threshold of 0.5 and the mock scores a marked category 0.97.
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hey [mock-moderation:harassment]' }] }),
    });
    expect(res.status).toBe(400);
    const event = (await auditEvents(t)).find((e) => e.requestId === res.headers.get('x-request-id'));
    expect(event?.findings?.[0]).toMatchObject({ stage: 'moderation', kind: 'moderation', rules: ['harassment'], action: 'block', score: 0.97 });
  });

  it('fails closed when moderation times out, and open for a key configured so (recorded as skipped)', async () => {
    const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `please hang ${Date.now()}` }] });
    const started = Date.now();
    const closed = await fetch(`${t.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' }, body });
    expect(closed.status).toBe(503);
    expect(closed.headers.get('x-portcullis-error-code')).toBe('moderation_unavailable');
    expect(Date.now() - started).toBeLessThan(5_000);

    const open = await fetch(`${t.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${failOpenKey}`, 'content-type': 'application/json' }, body });
    expect(open.status).toBe(200);
    const event = (await auditEvents(t)).find((e) => e.requestId === open.headers.get('x-request-id'));
    expect(event?.stages.find((s) => s.stage === 'moderation')?.decision).toBe('skipped');
  });

  it('passes flagged content marked under a flag policy', async () => {
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${flagKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: VIOLENT }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-portcullis-flagged')).toBe('moderation');
  });
});

describe('moderation without an OpenAI provider', () => {
  let t: TestGateway;
  let claude: MockProvider;
  const claudeKey = fakeProviderKey('anthropic');
  beforeAll(async () => {
    claude = await startMockProvider({ apiKey: claudeKey });
    t = await startTestGateway({
      secretEnv: { CLAUDE_KEY: claudeKey },
      config: {
        environments: {
          claude: { providers: { anthropic: { baseUrl: claude.url, apiKey: 'env:CLAUDE_KEY' } }, guard: { moderation: { enabled: true } } },
        },
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await claude.close();
  });

  it('skips moderation in an environment whose only provider is Anthropic (local filters only)', async () => {
    const { key } = await issueKey(t.store, { name: 'claude-only', environment: 'claude' });
    const client = new Anthropic({ baseURL: t.url, apiKey: key, maxRetries: 0 });
    const message = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: VIOLENT }] });
    expect(message.content.length).toBeGreaterThan(0);
    const event = (await auditEvents(t)).find((e) => e.environment === 'claude');
    expect(event?.stages.find((s) => s.stage === 'moderation')?.decision).toBe('skipped');
    // No moderation call went anywhere: not to the Claude mock, not to the dev environment's OpenAI.
    expect(claude.requests.filter((r) => r.path === '/v1/moderations')).toHaveLength(0);
    expect(t.upstream.requests.filter((r) => r.path === '/v1/moderations')).toHaveLength(0);
  });
});
