import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '../../src/mock/server.js';
import type { MockBehavior, MockRequestRecord } from '../../src/mock/types.js';
import type { UpstreamTiming } from '../../src/upstream/faults.js';
import { auditEvents, eventually, fakeProviderKey, startTestGateway, type TestGateway, type TestGatewayOptions } from '../helpers/gateway.js';

/**
 * Upstream faults through the official SDKs, with the SDKs' own retries off (`maxRetries: 0`) so
 * every retry seen is the gateway's. Backoff waits go through an injected clock: the tests assert
 * what was waited, never how long anything took.
 */

/** Sleeps resolve at once and move the clock; the breaker and retry budget read the same clock. */
function fakeTiming(): UpstreamTiming & { slept: number[]; advance(ms: number): void } {
  let now = Date.now();
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    random: () => 0.5,
    advance: (ms) => {
      now += ms;
    },
    sleep: (ms, signal) => {
      slept.push(ms);
      if (signal.aborted) return Promise.reject(new Error('aborted'));
      now += ms;
      return Promise.resolve();
    },
  };
}

const isStream = (r: MockRequestRecord): boolean => r.body?.stream === true;
const route = (r: MockRequestRecord): string => `${r.path} ${isStream(r) ? 'stream' : 'whole'}`;

/** Misbehaves on the first `times` requests of each route (and streaming mode), then answers normally. */
function firstFails(behavior: MockBehavior, times = 1): (r: MockRequestRecord) => MockBehavior | undefined {
  const seen = new Map<string, number>();
  return (r) => {
    const n = (seen.get(route(r)) ?? 0) + 1;
    seen.set(route(r), n);
    return n <= times ? behavior : undefined;
  };
}

async function auditedAtLeast(t: TestGateway, count: number): Promise<Awaited<ReturnType<typeof auditEvents>>> {
  let events = await auditEvents(t);
  for (let i = 0; i < 100 && events.length < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    events = await auditEvents(t);
  }
  return events;
}

const openai = (t: TestGateway): OpenAI => new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
const anthropic = (t: TestGateway): Anthropic => new Anthropic({ baseURL: t.url, apiKey: t.key, maxRetries: 0 });
const user = (content: string) => [{ role: 'user' as const, content }];

async function drainOpenAI(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>): Promise<{ text: string; error: unknown }> {
  let text = '';
  try {
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    return { text, error: undefined };
  } catch (error) {
    return { text, error };
  }
}

describe('upstream faults through the official SDKs', () => {
  let t: TestGateway | undefined;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await t?.close();
    t = undefined;
    for (const close of closers.splice(0)) await close();
  });

  const start = async (options: TestGatewayOptions): Promise<TestGateway> => (t = await startTestGateway(options));

  it('a 5xx, then success: the gateway retries and the client sees only the success (both APIs, streamed or not)', async () => {
    const timing = fakeTiming();
    const gw = await start({ upstreamTiming: timing, behavior: firstFails({ kind: 'status', status: 503, body: { error: { message: 'overloaded', type: 'server_error' } } }) });
    const completion = await openai(gw).chat.completions.create({ model: 'gpt-4o-mini', messages: user('retry me') });
    expect(completion.choices[0]?.message.content).toContain('retry me');
    const streamed = await drainOpenAI(await openai(gw).chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: user('retry stream') }));
    expect(streamed.error).toBeUndefined();
    expect(streamed.text).toContain('retry stream');
    const message = await anthropic(gw).messages.stream({ model: 'claude-haiku-4-5', max_tokens: 64, messages: user('retry claude') }).finalMessage();
    expect(message.content[0]).toMatchObject({ type: 'text' });
    expect(gw.upstream.requests).toHaveLength(6); // each of the three: a 503, then the answer
    expect(timing.slept).toEqual([125, 125, 125]); // full jitter: half of the 250 ms first ceiling

    // A stream's event is recorded when the upstream's body ends, which may be just after the SDK
    // stopped reading at the final event.
    const events = await auditedAtLeast(gw, 3);
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(event).toMatchObject({ status: 200, upstreamStatus: 200, decision: 'allowed' });
      expect(event.attempts?.map((a) => [a.status, a.errorCode, a.fallback])).toEqual([[503, null, false], [200, null, false]]);
      expect(event.attempts?.[1]?.waitMs).toBe(125);
    }
    // Attempts name the upstream, never a key.
    expect(JSON.stringify(events)).not.toContain(gw.providerKey);
  });

  it('a connection reset before the answer is retried', async () => {
    const gw = await start({ upstreamTiming: fakeTiming(), behavior: firstFails({ kind: 'reset' }) });
    const completion = await openai(gw).chat.completions.create({ model: 'gpt-4o-mini', messages: user('after a reset') });
    expect(completion.choices[0]?.message.content).toContain('after a reset');
    const message = await anthropic(gw).messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: user('after a reset') });
    expect(message.content[0]).toMatchObject({ type: 'text' });
    const events = await auditEvents(gw);
    for (const event of events) expect(event.attempts?.map((a) => a.errorCode)).toEqual(['upstream_unreachable', null]);
  });

  it('a connection reset on every attempt ends in 502 upstream_unreachable after maxAttempts', async () => {
    const gw = await start({ upstreamTiming: fakeTiming(), behavior: () => ({ kind: 'reset' }) });
    const error = await openai(gw).chat.completions.create({ model: 'gpt-4o-mini', messages: user('x') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('upstream_unreachable');
    expect(gw.upstream.requests).toHaveLength(3);
    const [event] = await auditEvents(gw);
    expect(event).toMatchObject({ status: 502, errorCode: 'upstream_unreachable', upstreamStatus: null, costUsd: 0 });
    expect(event?.attempts).toHaveLength(3);
  });

  it('a 429 with Retry-After (seconds or HTTP-date) is waited out, at least as long as asked', async () => {
    const timing = fakeTiming();
    const retryAfter = (r: MockRequestRecord): string => (JSON.stringify(r.body).includes('date') ? new Date(timing.now() + 1_500).toUTCString() : '1');
    const seen = new Set<string>();
    const gw = await start({
      upstreamTiming: timing,
      behavior: (r) => {
        const which = JSON.stringify(r.body?.messages);
        if (seen.has(which)) return undefined;
        seen.add(which);
        return { kind: 'status', status: 429, body: { error: { message: 'slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded' } }, headers: { 'retry-after': retryAfter(r) } };
      },
    });
    await openai(gw).chat.completions.create({ model: 'gpt-4o-mini', messages: user('seconds') });
    expect(timing.slept).toEqual([1000]);
    await anthropic(gw).messages.create({ model: 'claude-haiku-4-5', max_tokens: 32, messages: user('date') });
    // An HTTP-date has whole seconds: the wait is what is left until then, above the 125 ms backoff.
    expect(timing.slept[1]).toBeGreaterThan(500);
    expect(timing.slept[1]).toBeLessThanOrEqual(1500);
  });

  it('a 429 asking for longer than maxRetryAfterMs goes to the client at once, Retry-After included', async () => {
    const gw = await start({
      upstreamTiming: fakeTiming(),
      behavior: () => ({ kind: 'status', status: 429, body: { error: { message: 'slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded' } }, headers: { 'retry-after': '30' } }),
    });
    const error = await openai(gw).chat.completions.create({ model: 'gpt-4o-mini', messages: user('x') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('30');
    expect(gw.upstream.requests).toHaveLength(1);
  });

  it('response headers that never come: each attempt times out, then 504 upstream_timeout', async () => {
    const gw = await start({
      upstreamTiming: fakeTiming(),
      behavior: () => ({ kind: 'hang' }),
      providers: { openai: { timeouts: { headersMs: 200 }, retry: { maxAttempts: 2 } }, anthropic: { timeouts: { headersMs: 200 }, retry: { maxAttempts: 2 } } },
    });
    const error = await openai(gw).chat.completions.create({ model: 'gpt-4o-mini', messages: user('x') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('upstream_timeout');
    const claude = await anthropic(gw).messages.create({ model: 'claude-haiku-4-5', max_tokens: 8, messages: user('x') }).catch((e: unknown) => e);
    expect(claude).toBeInstanceOf(Anthropic.APIError);
    expect((claude as InstanceType<typeof Anthropic.APIError>).status).toBe(504);
    expect(gw.upstream.requests).toHaveLength(4);
    for (const event of await auditEvents(gw)) expect(event.attempts?.map((a) => a.errorCode)).toEqual(['upstream_timeout', 'upstream_timeout']);
  });

  it('the total deadline bounds the whole exchange, retries included', async () => {
    const gw = await start({ upstreamTiming: fakeTiming(), behavior: () => ({ kind: 'hang' }), providers: { openai: { timeouts: { totalMs: 300 } } } });
    const error = await openai(gw).chat.completions.create({ model: 'gpt-4o-mini', messages: user('x') }).catch((e: unknown) => e);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain('total time');
    expect(gw.upstream.requests).toHaveLength(1);
  });

  it('a stream still running at the total deadline ends with upstream_timeout, and the upstream request is cancelled', async () => {
    const gw = await start({ chunkDelayMs: 100, providers: { openai: { timeouts: { totalMs: 500 } } } });
    const long = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    const { text, error } = await drainOpenAI(await openai(gw).chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: user(long) }));
    expect(text.length).toBeGreaterThan(0);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('upstream_timeout');
    await eventually(() => gw.upstream.requests[0]?.aborted === true);
    const [event] = await auditedAtLeast(gw, 1);
    expect(event).toMatchObject({ status: 200, decision: 'failed', errorCode: 'upstream_timeout' });
  });

  it('a body that stalls mid-stream ends with upstream_timeout in the stream, and is never retried after the first byte', async () => {
    const gw = await start({
      upstreamTiming: fakeTiming(),
      behavior: (r) => (isStream(r) ? { kind: 'stall-midstream', afterEvents: 3 } : undefined),
      providers: { openai: { timeouts: { bodyMs: 250 } }, anthropic: { timeouts: { bodyMs: 250 } } },
    });
    const { text, error } = await drainOpenAI(await openai(gw).chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: user('one two three four five') }));
    expect(text.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('upstream_timeout');
    const claude = await anthropic(gw).messages.stream({ model: 'claude-haiku-4-5', max_tokens: 64, messages: user('a b c d e') }).finalMessage().catch((e: unknown) => e);
    expect(claude).toBeInstanceOf(Anthropic.APIError);
    expect(gw.upstream.requests).toHaveLength(2); // one each: bytes had reached the client
    for (const event of await auditedAtLeast(gw, 2)) {
      expect(event).toMatchObject({ status: 200, decision: 'failed', errorCode: 'upstream_timeout' });
      expect(event.attempts).toBeUndefined();
    }
  });

  it('malformed SSE ends the stream with upstream_stream_failed, which each SDK raises as an API error', async () => {
    const garbage = ['data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"hi"}}]}\n\n', 'data: this is not json\n\n', 'data: [DONE]\n\n'];
    const anthropicGarbage = ['event: message_start\ndata: {"type":"message_start","message":{"id":"m","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"usage":{"input_tokens":3,"output_tokens":1}}}\n\n', 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"trunc\n\n'];
    const gw = await start({ behavior: (r) => (isStream(r) ? { kind: 'raw-events', events: r.path.startsWith('/v1/messages') ? anthropicGarbage : garbage } : undefined) });
    const { error } = await drainOpenAI(await openai(gw).chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: user('x') }));
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('upstream_stream_failed');
    expect((error as Error).message).toContain('malformed');
    const claude = await anthropic(gw).messages.stream({ model: 'claude-haiku-4-5', max_tokens: 64, messages: user('x') }).finalMessage().catch((e: unknown) => e);
    expect(claude).toBeInstanceOf(Anthropic.APIError);
    expect((claude as Error).message).toContain('malformed');
    const events = await auditedAtLeast(gw, 2);
    expect(events).toHaveLength(2);
    for (const event of events) expect(event).toMatchObject({ decision: 'failed', errorCode: 'upstream_stream_failed' });
  });

  it('a stream cut mid-way ends with the provider\'s terminal event; its usage is settled at the reserved worst case and audited', async () => {
    const gw = await start({ behavior: (r) => (isStream(r) ? { kind: 'fail-midstream', afterEvents: 4 } : undefined) });
    const { error } = await drainOpenAI(await openai(gw).chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: user('one two three four five six') }));
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('upstream_stream_failed');
    const claude = await anthropic(gw).messages.stream({ model: 'claude-haiku-4-5', max_tokens: 64, messages: user('a b c d e f') }).finalMessage().catch((e: unknown) => e);
    expect(claude).toBeInstanceOf(Anthropic.APIError);
    expect(gw.upstream.requests).toHaveLength(2); // never retried after the first byte
    const events = await auditedAtLeast(gw, 2);
    expect(events).toHaveLength(2);
    for (const event of events) {
      expect(event).toMatchObject({ status: 200, upstreamStatus: 200, decision: 'failed', errorCode: 'upstream_stream_failed' });
      // The provider accepted the request and may bill it: the reservation is charged, not released.
      expect(event.costUsd).toBeGreaterThan(0);
    }
    // Anthropic reports input usage at the start, so the partial usage is there.
    expect(events.find((e) => e.provider === 'anthropic')?.tokens.input).toBeGreaterThan(0);
  });
});

describe('circuit breaker and fallback deployment', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('opens after consecutive failures (503 upstream_circuit_open, nothing sent), half-opens after the cool-down and closes on a good probe', async () => {
    const timing = fakeTiming();
    let down = true;
    const t = await startTestGateway({
      upstreamTiming: timing,
      behavior: () => (down ? { kind: 'status', status: 500, body: { error: { message: 'boom', type: 'server_error' } } } : undefined),
      providers: { openai: { retry: { maxAttempts: 1 }, breaker: { consecutiveFailures: 2, cooldownMs: 60_000 } } },
    });
    closers.push(() => t.close());
    const client = openai(t);
    for (let i = 0; i < 2; i++) expect(((await client.chat.completions.create({ model: 'gpt-4o-mini', messages: user('x') }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>).status).toBe(500);
    expect(t.gateway.upstreamBreakers()).toMatchObject([{ upstream: `openai ${t.upstream.url}`, state: 'open', opens: 1 }]);

    const refused = (await client.chat.completions.create({ model: 'gpt-4o-mini', messages: user('x') }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(refused.status).toBe(503);
    expect(refused.code).toBe('upstream_circuit_open');
    expect(refused.headers?.get('retry-after')).toBe('60');
    expect(t.upstream.requests).toHaveLength(2); // nothing sent while open
    // The breaker is a metric too, labelled by the upstream's origin only.
    const scrape = await (await fetch(`${t.url}/metrics`)).text();
    expect(scrape).toContain(`portcullis_upstream_circuit_state{upstream="openai ${t.upstream.url}"} 2`);
    expect(scrape).toContain(`portcullis_upstream_circuit_opens_total{upstream="openai ${t.upstream.url}"} 1`);
    // Anthropic has its own upstream (and breaker), still closed.
    await anthropic(t).messages.create({ model: 'claude-haiku-4-5', max_tokens: 8, messages: user('fine') }).catch(() => undefined);

    down = false;
    timing.advance(60_000);
    const probe = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: user('probe') });
    expect(probe.choices[0]?.message.content).toContain('probe');
    expect(t.gateway.upstreamBreakers().find((b) => b.upstream.startsWith('openai'))?.state).toBe('closed');
    const refusedEvent = (await auditEvents(t)).find((e) => e.errorCode === 'upstream_circuit_open');
    expect(refusedEvent).toMatchObject({ status: 503, upstreamStatus: null, costUsd: 0 });
    expect(refusedEvent?.attempts).toEqual([{ upstream: `openai ${t.upstream.url}`, fallback: false, status: null, errorCode: 'upstream_circuit_open', ms: 0 }]);
  });

  it('fails over to the fallback deployment after the primary\'s retries, and straight to it while the primary\'s circuit is open', async () => {
    const fallbackKey = fakeProviderKey();
    const second: MockProvider = await startMockProvider({ apiKey: fallbackKey, chunkDelayMs: 3 });
    closers.push(() => second.close());
    const timing = fakeTiming();
    const t = await startTestGateway({
      upstreamTiming: timing,
      secretEnv: { FALLBACK_KEY: fallbackKey },
      behavior: () => ({ kind: 'status', status: 503, body: { error: { message: 'primary down', type: 'server_error' } } }),
      providers: {
        openai: { retry: { maxAttempts: 2 }, breaker: { consecutiveFailures: 4 }, fallback: { type: 'openai', baseUrl: second.url, apiKey: 'env:FALLBACK_KEY' } },
        anthropic: { retry: { maxAttempts: 1 }, fallback: { baseUrl: second.url, apiKey: 'env:FALLBACK_KEY' } },
      },
    });
    closers.push(() => t.close());

    const completion = await openai(t).chat.completions.create({ model: 'gpt-4o-mini', messages: user('via fallback') });
    expect(completion.choices[0]?.message.content).toContain('via fallback');
    const streamed = await drainOpenAI(await openai(t).chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: user('stream via fallback') }));
    expect(streamed.text).toContain('stream via fallback');
    const message = await anthropic(t).messages.create({ model: 'claude-haiku-4-5', max_tokens: 64, messages: user('claude via fallback') });
    expect(message.content[0]).toMatchObject({ type: 'text' });
    // The fallback got its own key, never the primary's.
    expect(second.requests.map((r) => r.headers.authorization ?? r.headers['x-api-key'])).toEqual([`Bearer ${fallbackKey}`, `Bearer ${fallbackKey}`, fallbackKey]);

    // Four 503s opened the primary's breaker: the next request does not try the primary at all.
    const before = t.upstream.requests.length;
    await openai(t).chat.completions.create({ model: 'gpt-4o-mini', messages: user('circuit open') });
    expect(t.upstream.requests).toHaveLength(before);

    const events = (await auditedAtLeast(t, 4)).filter((e) => e.provider === 'openai').sort((a, b) => a.time.localeCompare(b.time) || a.requestId.localeCompare(b.requestId));
    expect(events.map((e) => e.attempts?.map((a) => `${a.fallback ? 'fallback' : 'primary'}:${a.status ?? a.errorCode ?? ''}`))).toEqual([
      ['primary:503', 'primary:503', 'fallback:200'],
      ['primary:503', 'primary:503', 'fallback:200'],
      ['primary:upstream_circuit_open', 'fallback:200'],
    ]);
    for (const event of events) expect(event).toMatchObject({ status: 200, upstreamStatus: 200, decision: 'allowed' });
    expect(JSON.stringify(events)).not.toContain(fallbackKey);
  });
});
