import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { MockBehavior } from '../../src/mock/types.js';
import { auditEvents, eventually, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { anthropicEvents, chatEvents } from '../helpers/sse-events.js';

describe('streams when things go wrong', () => {
  let t: TestGateway | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const failing = (behavior: MockBehavior) => startTestGateway({ behavior: (r) => (r.body?.stream === true ? behavior : undefined) });

  // Regression: the client's response used to stay open until the upstream closed its body, so
  // an upstream that stalled after [DONE] held the client for the whole body timeout (5 min).
  it('ends the client\'s stream at the provider\'s final event even when the upstream body stays open', async () => {
    t = await startTestGateway({
      behavior: (r) =>
        r.body?.stream !== true ? undefined : { kind: 'raw-events', events: r.path === '/v1/messages' ? anthropicEvents('all of it', 4) : chatEvents('all of it', 4), stallAtEnd: true },
    });
    const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'x' }] })) {
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe('all of it');
    const message = await new Anthropic({ baseURL: t.url, apiKey: t.key, maxRetries: 0 }).messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'x' }] }).finalMessage();
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'all of it' });
    // The stalled upstream bodies are dropped shortly after; both requests are audited as completed.
    const events = (await auditEvents(t)).filter((e) => e.streamed);
    expect(events).toHaveLength(2);
    for (const event of events) expect(event).toMatchObject({ status: 200, decision: 'allowed', errorCode: null });
  });

  it('an upstream that dies mid-stream ends the OpenAI chat stream with an error the SDK raises', async () => {
    t = await failing({ kind: 'fail-midstream', afterEvents: 4 });
    const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'one two three four five six' }] });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(text.length).toBeGreaterThan(0); // the first events reached the client before the failure
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('upstream_stream_failed');
    const event = (await auditEvents(t)).find((e) => e.streamed);
    expect(event).toMatchObject({ decision: 'failed', errorCode: 'upstream_stream_failed' });
  });

  it('… and the Responses stream', async () => {
    t = await failing({ kind: 'fail-midstream', afterEvents: 4 });
    const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
    const stream = await client.responses.create({ model: 'gpt-4o-mini', input: 'a b c d e f', stream: true });
    const error = await (async () => {
      for await (const _event of stream) {
        /* drain */
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
  });

  it('… and the Anthropic stream, with Anthropic\'s error event', async () => {
    t = await failing({ kind: 'fail-midstream', afterEvents: 5 });
    const client = new Anthropic({ baseURL: t.url, apiKey: t.key, maxRetries: 0 });
    const stream = client.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'a b c d e f' }] });
    const error = await stream.finalMessage().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as Error).message).toContain('upstream');
  });

  it('an upstream that closes cleanly before its final event is a failure too', async () => {
    t = await failing({ kind: 'end-early', afterEvents: 3 });
    const res = await fetch(`${t.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 8, stream: true, messages: [{ role: 'user', content: 'x y z' }] }),
    });
    const text = await res.text();
    expect(text.trimEnd().split('\n\n').at(-1)).toMatch(/^event: error\ndata: \{"type":"error"/);
  });

  it('a client abort cancels the upstream request', async () => {
    t = await startTestGateway({ chunkDelayMs: 50 });
    const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'a long answer please with many words in it' }] });
    for await (const _chunk of stream) {
      stream.controller.abort();
      break;
    }
    const upstreamRequest = t.upstream.requests.at(-1)!;
    await eventually(() => upstreamRequest.aborted);
    await eventually(() => t!.gateway.audit.dropped === 0);
    const event = await (async () => {
      for (let i = 0; i < 50; i++) {
        const found = (await auditEvents(t)).find((e) => e.streamed);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 20));
      }
      return undefined;
    })();
    expect(event?.decision).toBe('aborted');
  });

  it('bytes reach the client as they arrive, not at the end', async () => {
    // No output stage holds text back here (output-guard.test.ts covers streaming with the hold-back).
    t = await startTestGateway({ chunkDelayMs: 40, environment: { output: { secrets: { action: 'off' }, links: { action: 'off' } } } });
    const started = Date.now();
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'w1 w2 w3 w4 w5 w6 w7 w8' }] }),
    });
    const reader = res.body!.getReader();
    const arrivals: number[] = [];
    for (;;) {
      const { done } = await reader.read();
      if (done) break;
      arrivals.push(Date.now() - started);
    }
    // The mock sends ~17 events 40 ms apart; relayed live they arrive spread out over time.
    expect(arrivals.length).toBeGreaterThan(5);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(200);
  });

  it('upstream error statuses pass through in the provider\'s shape', async () => {
    t = await startTestGateway({
      behavior: () => ({ kind: 'status', status: 429, body: { error: { message: 'slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded' } }, headers: { 'retry-after': '3' } }),
    });
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [] }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
  });
});

describe('slow upstreams and the request timeout', () => {
  it('a non-streamed answer slower than server.requestTimeoutMs still arrives (regression)', async () => {
    const t = await startTestGateway({ config: { server: { requestTimeoutMs: 500 } }, behavior: () => ({ kind: 'delay', ms: 1200 }) });
    try {
      const res = await fetch(`${t.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'slow' }] }),
      });
      expect(res.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
