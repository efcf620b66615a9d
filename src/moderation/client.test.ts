import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '../mock/server.js';
import type { MockBehavior, MockRequestRecord } from '../mock/types.js';
import { Secret } from '../secrets/secret.js';
import { createEgressPolicy } from '../upstream/egress.js';
import { createUpstreamClient, type UpstreamClient } from '../upstream/client.js';
import { createModerationCache } from './cache.js';
import { createModerationClient, type ModerationClientOptions } from './client.js';
import { ModerationUnavailableError } from './errors.js';
import { evaluateModeration } from './thresholds.js';
import { MODERATION_CATEGORIES } from './types.js';

const providerKey = `sk-proj-${randomBytes(24).toString('base64url')}`;
let mock: MockProvider;
let upstream: UpstreamClient;
let behavior: ((record: MockRequestRecord) => MockBehavior | undefined) | undefined;

beforeAll(async () => {
  mock = await startMockProvider({ apiKey: providerKey, behavior: (record) => behavior?.(record) });
  // As src/gateway.ts builds them for the built-in mock: loopback allowed for that host only.
  const egress = createEgressPolicy({ allowHosts: [mock.host], allowPrivateNetworks: false, privateHosts: ['127.0.0.1'] });
  upstream = createUpstreamClient({ egress, connectTimeoutMs: 2_000, headersTimeoutMs: 10_000, bodyTimeoutMs: 10_000, connectionsPerOrigin: 4 });
});
afterAll(async () => {
  await upstream.close();
  await mock.close();
});
beforeEach(() => {
  behavior = undefined;
  mock.requests.length = 0;
});

const moderationCalls = (): MockRequestRecord[] => mock.requests.filter((r) => r.path === '/v1/moderations');

function client(overrides: Partial<ModerationClientOptions> = {}): ReturnType<typeof createModerationClient> {
  return createModerationClient({
    upstream,
    baseUrl: `${mock.url}/v1`,
    key: new Secret(providerKey, 'test:openai'),
    timeoutMs: 2_000,
    cache: createModerationCache({ maxEntries: 100, ttlMs: 60_000 }),
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<ModerationUnavailableError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ModerationUnavailableError);
  return err as ModerationUnavailableError;
}

describe('moderation client against the mock provider', () => {
  it('sends {model, input[]} with the key as a bearer token and reads a clean result', async () => {
    const result = await client().moderate(['What is the capital of France?']);
    expect(result.flagged).toBe(false);
    expect(result.cached).toBe(false);
    expect(result.inputCount).toBe(1);
    expect(result.model).toBe('omni-moderation-latest');
    expect(Object.keys(result.scores).sort()).toEqual([...MODERATION_CATEGORIES].sort());
    expect(Math.max(...Object.values(result.scores))).toBeLessThan(0.01);
    expect(Object.values(result.categories).some(Boolean)).toBe(false);

    const [call] = moderationCalls();
    expect(call?.method).toBe('POST');
    expect(call?.headers.authorization).toBe(`Bearer ${providerKey}`);
    expect(call?.headers['content-type']).toBe('application/json');
    expect(call?.body).toEqual({ model: 'omni-moderation-latest', input: ['What is the capital of France?'] });
  });

  it('reads a flagged result, which the thresholds then judge', async () => {
    const result = await client({ model: 'omni-moderation-2024-09-26' }).moderate(['[mock-moderation:violence] I will hurt them']);
    expect(result.model).toBe('omni-moderation-2024-09-26');
    expect(result.flagged).toBe(true);
    expect(result.categories.violence).toBe(true);
    expect(result.scores.violence).toBe(0.97);
    expect(result.categories.hate).toBe(false);
    expect(evaluateModeration(result, { violence: 0.5 }, { useProviderFlag: false })).toEqual({ flagged: true, categories: ['violence'], maxScore: 0.97 });
    expect(evaluateModeration(result, { violence: 0.99 }, { useProviderFlag: true }).flagged).toBe(false);
  });

  it('combines several inputs in one call: per category the highest score and any flag', async () => {
    const result = await client().moderate(['hello there', '[mock-moderation:violence]', '[mock-moderation:self-harm/intent] and more']);
    expect(moderationCalls()).toHaveLength(1);
    expect(result.inputCount).toBe(3);
    expect(result.flagged).toBe(true);
    expect(result.scores.violence).toBe(0.97);
    expect(result.scores['self-harm/intent']).toBe(0.97);
    expect(result.scores.hate).toBeLessThan(0.01);
    expect(result.categories).toMatchObject({ violence: true, 'self-harm/intent': true, hate: false });
  });

  it('answers a repeated prompt from the cache without a second call', async () => {
    const moderation = client();
    const first = await moderation.moderate(['a prompt', 'a second message']);
    const second = await moderation.moderate(['a prompt', 'a second message']);
    expect(moderationCalls()).toHaveLength(1);
    expect(second).toEqual({ ...first, cached: true });
    // Another split of the same text is another request.
    await moderation.moderate(['a prompt a second message']);
    expect(moderationCalls()).toHaveLength(2);
  });

  it('does not cache a failure: the next identical call goes to the endpoint again', async () => {
    const moderation = client();
    behavior = () => ({ kind: 'status', status: 500, body: { error: { message: 'boom', type: 'server_error' } } });
    await failure(moderation.moderate(['same text']));
    behavior = undefined;
    const result = await moderation.moderate(['same text']);
    expect(result.cached).toBe(false);
    expect(moderationCalls()).toHaveLength(2);
  });

  it('turns a 5xx into reason "status" with the status', async () => {
    behavior = () => ({ kind: 'status', status: 500, body: { error: { message: 'The server had an error', type: 'server_error' } } });
    const err = await failure(client().moderate(['x']));
    expect(err.reason).toBe('status');
    expect(err.status).toBe(500);
    expect(err.message).toMatch(/HTTP 500/);
  });

  it('turns a refused key into reason "status" 401', async () => {
    const err = await failure(client({ key: new Secret('sk-proj-wrong', 'test:wrong') }).moderate(['x']));
    expect(err.reason).toBe('status');
    expect(err.status).toBe(401);
  });

  it('gives up on a hanging endpoint within the timeout, with reason "timeout", and drops the connection', async () => {
    behavior = () => ({ kind: 'hang' });
    const started = performance.now();
    const err = await failure(client({ timeoutMs: 200 }).moderate(['x']));
    const elapsed = performance.now() - started;
    expect(err.reason).toBe('timeout');
    expect(err.message).toMatch(/200 ms/);
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(1_500);
    await expect.poll(() => moderationCalls()[0]?.aborted).toBe(true);
  });

  it('times out on a slow answer too (the mock delay behaviour)', async () => {
    behavior = () => ({ kind: 'delay', ms: 1_000 });
    const err = await failure(client({ timeoutMs: 150 }).moderate(['x']));
    expect(err.reason).toBe('timeout');
  });

  it('passes the caller\'s abort through as an abort, not as an outage', async () => {
    behavior = () => ({ kind: 'hang' });
    const controller = new AbortController();
    const pending = client({ timeoutMs: 5_000 }).moderate(['x'], controller.signal);
    setTimeout(() => {
      controller.abort();
    }, 50);
    const err: unknown = await pending.then(() => undefined, (e: unknown) => e);
    expect(err).not.toBeInstanceOf(ModerationUnavailableError);
    expect((err as Error).name).toBe('AbortError');
    await expect(client().moderate(['x'], AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses an answer that is not a moderation result: reason "invalid_response"', async () => {
    behavior = () => ({ kind: 'status', status: 200, body: { results: [] } });
    const err = await failure(client().moderate(['x']));
    expect(err.reason).toBe('invalid_response');
    expect(err.status).toBe(200);
    behavior = () => ({ kind: 'raw-events', events: ['data: not json\n\n'] });
    expect((await failure(client().moderate(['x']))).reason).toBe('invalid_response');
  });

  it('reports an unreachable or disallowed endpoint as reason "transport"', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => { resolve(); }));
    const egress = createEgressPolicy({ allowHosts: [`127.0.0.1:${port}`], allowPrivateNetworks: false, privateHosts: ['127.0.0.1'] });
    const own = createUpstreamClient({ egress, connectTimeoutMs: 1_000, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000, connectionsPerOrigin: 1 });
    try {
      const unreachable = await failure(client({ upstream: own, baseUrl: `http://127.0.0.1:${port}/v1` }).moderate(['x']));
      expect(unreachable.reason).toBe('transport');
      const denied = await failure(client({ baseUrl: 'http://moderation.invalid/v1' }).moderate(['x']));
      expect(denied.reason).toBe('transport');
      expect(denied.message).toMatch(/egress_denied/);
    } finally {
      await own.close();
    }
  });

  it('takes the base URL with or without /v1, as the openai provider does', async () => {
    await client({ baseUrl: mock.url }).moderate(['one']);
    await client({ baseUrl: `${mock.url}/v1/` }).moderate(['two']);
    expect(moderationCalls()).toHaveLength(2);
  });

  it('makes no call for no inputs', async () => {
    const result = await client().moderate([]);
    expect(result).toMatchObject({ flagged: false, inputCount: 0, scores: {} });
    expect(moderationCalls()).toHaveLength(0);
  });

  it('lets moderated text itself ask the built-in mock for an outage or a slow answer', async () => {
    const outage = await failure(client().moderate(['hi [mock-moderation:status=503]']));
    expect(outage).toMatchObject({ reason: 'status', status: 503 });
    const slow = await failure(client({ timeoutMs: 150 }).moderate(['hi [mock-moderation:delay=1000]']));
    expect(slow.reason).toBe('timeout');
    // A delayed answer is a normal answer once it arrives.
    const late = await client({ timeoutMs: 2_000 }).moderate(['[mock-moderation:delay=50] [mock-moderation:hate]']);
    expect(late.categories.hate).toBe(true);
  });

  it('never puts the key or the input text in an error, its cause or its serialization', async () => {
    const secretText = `private prompt ${randomBytes(8).toString('hex')}`;
    const scenarios: (() => void)[] = [
      () => { behavior = () => ({ kind: 'hang' }); },
      () => { behavior = () => ({ kind: 'status', status: 500, body: { error: { message: `echo ${secretText} ${providerKey}` } } }); },
      () => { behavior = () => ({ kind: 'status', status: 200, body: `${secretText} ${providerKey}` }); },
      () => { behavior = () => ({ kind: 'raw-events', events: [`${secretText} ${providerKey}`] }); },
    ];
    const errors: unknown[] = [];
    for (const arrange of scenarios) {
      arrange();
      errors.push(await failure(client({ timeoutMs: 150 }).moderate([secretText])));
    }
    behavior = undefined;
    errors.push(await failure(client({ baseUrl: 'http://moderation.invalid/v1' }).moderate([secretText])));
    errors.push(await failure(client({ key: new Secret(`${providerKey}x`, 'test:wrong') }).moderate([secretText])));
    for (const err of errors) {
      const views = [String(err), (err as Error).message, (err as Error).stack ?? '', inspect(err, { depth: 10, showHidden: true }), JSON.stringify(err)];
      for (const view of views) {
        expect(view).not.toContain(providerKey);
        expect(view).not.toContain(secretText);
      }
    }
  });
});

describe('the mock moderation endpoint', () => {
  it('checks the key like every other mock route and answers in the real API shape', async () => {
    const refused = await fetch(`${mock.url}/v1/moderations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"input":"x"}' });
    expect(refused.status).toBe(401);
    const res = await fetch(`${mock.url}/v1/moderations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'omni-moderation-latest', input: '[mock-moderation:harassment] you' }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id: string; model: string; results: Record<string, unknown>[] };
    expect(body.id).toMatch(/^modr-/);
    expect(body.model).toBe('omni-moderation-latest');
    expect(body.results).toHaveLength(1);
    const [result] = body.results;
    expect(result).toMatchObject({ flagged: true, categories: { harassment: true, violence: false }, category_scores: { harassment: 0.97 } });
    expect(Object.keys(result?.category_applied_input_types as object).sort()).toEqual([...MODERATION_CATEGORIES].sort());
  });

  it('treats an array of content parts as one input', async () => {
    const res = await fetch(`${mock.url}/v1/moderations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${providerKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ input: [{ type: 'text', text: 'a' }, { type: 'image_url', image_url: { url: 'data:,' } }, { type: 'text', text: '[mock-moderation:sexual]' }] }),
    });
    const body = (await res.json()) as { results: { flagged: boolean }[] };
    expect(body.results).toEqual([expect.objectContaining({ flagged: true })]);
  });
});
