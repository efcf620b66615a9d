import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../../src/keys/issue.js';
import { createMemoryLimitStore } from '../../src/limits/memory/memory-limit-store.js';
import { LimitStoreError, type LimitStore } from '../../src/limits/types.js';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const chatBody = (extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello there' }], ...extra });

async function chat(t: TestGateway, key: string, extra: Record<string, unknown> = {}): Promise<Response> {
  return fetch(`${t.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: chatBody(extra),
  });
}

describe('request rate and concurrency limits', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ chunkDelayMs: 40 });
  });
  afterAll(() => t.close());

  it('refuses the request over a key\'s rpm with 429, Retry-After and both header styles', async () => {
    const { key } = await issueKey(t.store, { name: 'rpm', environment: 'dev', limits: { requestsPerMinute: 3 } });
    for (let i = 0; i < 3; i++) {
      const ok = await chat(t, key);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('x-ratelimit-limit-requests')).toBe('3');
      expect(ok.headers.get('x-ratelimit-remaining-requests')).toBe(String(2 - i));
    }
    const refused = await chat(t, key);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-portcullis-error-code')).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('ratelimit-policy')).toContain('"requests";q=3;w=60');
    expect(refused.headers.get('ratelimit')).toMatch(/"requests";r=0;t=\d+/);
    // In the window's last second the reset is written in ms ("336ms"), as OpenAI does.
    expect(refused.headers.get('x-ratelimit-reset-requests')).toMatch(/^(?:(?:\d+m)?\d+s|\d+ms)$/);
    const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: key, maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] })).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  });

  it('holds a concurrency limit while streams are open, and frees the slot when they end', async () => {
    const { key } = await issueKey(t.store, { name: 'conc', environment: 'dev', limits: { maxConcurrent: 2 } });
    const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: key, maxRetries: 0 });
    const open = [
      await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'a' }] }),
      await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'b' }] }),
    ];
    const third = await chat(t, key);
    expect(third.status).toBe(429);
    expect(third.headers.get('x-portcullis-error-code')).toBe('concurrency_limited');
    for (const stream of open) for await (const _ of stream) { /* drain */ }
    await new Promise((r) => setTimeout(r, 20));
    expect((await chat(t, key)).status).toBe(200);
  });
});

describe('output caps and input length', () => {
  let t: TestGateway;
  afterEach(async () => {
    await t.close();
  });

  it('injects the default output cap and clamps one above the maximum', async () => {
    t = await startTestGateway({ environment: { tokens: { defaultMaxOutputTokens: 77, maxOutputTokens: 500, overMaxOutput: 'clamp' } } });
    await chat(t, t.key);
    expect(t.upstream.requests.at(-1)!.body?.max_completion_tokens).toBe(77);
    await chat(t, t.key, { max_tokens: 9000 });
    expect(t.upstream.requests.at(-1)!.body?.max_tokens).toBe(500);
    const anthropic = await fetch(`${t.url}/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 100_000, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(anthropic.status).toBe(200);
    expect(t.upstream.requests.at(-1)!.body?.max_tokens).toBe(500);
    await fetch(`${t.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', input: 'x' }),
    });
    expect(t.upstream.requests.at(-1)!.body?.max_output_tokens).toBe(77);
  });

  it('rejects an output cap above the maximum when the policy says so', async () => {
    t = await startTestGateway({ environment: { tokens: { maxOutputTokens: 500, overMaxOutput: 'reject' } } });
    const before = t.upstream.requests.length;
    const res = await chat(t, t.key, { max_completion_tokens: 501 });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-portcullis-error-code')).toBe('output_cap_exceeded');
    expect(t.upstream.requests.length).toBe(before);
  });

  it('refuses an input over the limit before forwarding anything', async () => {
    t = await startTestGateway({ environment: { tokens: { maxInputTokens: 50 } } });
    const before = t.upstream.requests.length;
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'word '.repeat(200) }] }),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get('x-portcullis-error-code')).toBe('input_too_long');
    expect(t.upstream.requests.length).toBe(before);
  });
});

describe('pricing and cost', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(() => t.close());

  it('records the cost of each request from its actual usage', async () => {
    expect((await chat(t, t.key)).status).toBe(200);
    const event = (await auditEvents(t)).find((e) => e.status === 200);
    expect(event?.costUsd).toBeGreaterThan(0);
    expect(event?.costUsd).toBeLessThan(0.01);
  });

  it('refuses a model with no price rather than charging nothing', async () => {
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mystery-model-9000', messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-portcullis-error-code')).toBe('unknown_model_price');
  });
});

describe('reservations settle to real usage', () => {
  it('a stream\'s token counter ends at what the provider reported, not at the reservation', async () => {
    const limits = createMemoryLimitStore();
    const t = await startTestGateway({ limits });
    try {
      const { key, record } = await issueKey(t.store, { name: 'tpm', environment: 'dev', limits: { tokensPerMinute: 100_000 } });
      const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: key, maxRetries: 0 });
      let usage: { prompt_tokens: number; completion_tokens: number } | undefined;
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        stream: true,
        max_completion_tokens: 2000,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'settle me' }],
      });
      for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
      await auditEvents(t);
      const [state] = await limits.peek([{ name: `tpm:key:${record.id}`, kind: 'window', limit: 100_000, amount: 0, windowMs: 60_000 }], Date.now());
      // Reserved: input + 2000; settled: what the mock reported.
      expect(state?.used).toBe(usage!.prompt_tokens + usage!.completion_tokens);
      const event = (await auditEvents(t)).find((e) => e.keyId === record.id);
      expect(event?.costUsd).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('a request the provider refused releases its reservation', async () => {
    const limits = createMemoryLimitStore();
    const t = await startTestGateway({ limits, behavior: () => ({ kind: 'status', status: 500, body: { error: { message: 'boom', type: 'server_error' } } }) });
    try {
      const { key, record } = await issueKey(t.store, { name: 'rel', environment: 'dev', limits: { tokensPerMinute: 100_000 } });
      expect((await chat(t, key)).status).toBe(500);
      await auditEvents(t);
      const [state] = await limits.peek([{ name: `tpm:key:${record.id}`, kind: 'window', limit: 100_000, amount: 0, windowMs: 60_000 }], Date.now());
      expect(state?.used).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe('when the counter store fails', () => {
  const failing = (): LimitStore => {
    const store = createMemoryLimitStore();
    return { ...store, admit: () => Promise.reject(new LimitStoreError('store down')) };
  };

  it('fail-closed (the default) refuses with 503 limit_store_unavailable at once', async () => {
    const t = await startTestGateway({ limits: failing() });
    try {
      const res = await chat(t, t.key);
      expect(res.status).toBe(503);
      expect(res.headers.get('x-portcullis-error-code')).toBe('limit_store_unavailable');
    } finally {
      await t.close();
    }
  });

  it('fail-open lets requests through unmetered', async () => {
    const t = await startTestGateway({ limits: failing(), config: { limits: { onStoreError: { rateLimits: 'fail-open', budgets: 'fail-open' } } } });
    try {
      expect((await chat(t, t.key)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('headers from both limit stages', () => {
  it('shows requests and tokens in the IETF headers, and keeps them on later denials', async () => {
    const t = await startTestGateway({ environment: { tokens: { maxInputTokens: 60 } } });
    try {
      const { key } = await issueKey(t.store, { name: 'both', environment: 'dev', limits: { requestsPerMinute: 50, tokensPerMinute: 100_000 } });
      const ok = await chat(t, key);
      expect(ok.headers.get('ratelimit-policy')).toBe('"requests";q=50;w=60, "tokens";q=100000;w=60');
      expect(ok.headers.get('x-ratelimit-limit-tokens')).toBe('100000');
      const long = await fetch(`${t.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'word '.repeat(300) }] }),
      });
      expect(long.status).toBe(413);
      expect(long.headers.get('x-ratelimit-remaining-requests')).toBe('48');
    } finally {
      await t.close();
    }
  });
});

describe('Anthropic prompt caching and budgets', () => {
  it('reserves a cache-writing request at the cache-write rate, so the budget is never under-counted', async () => {
    const limits = createMemoryLimitStore();
    const t = await startTestGateway({ limits });
    try {
      const { key, record } = await issueKey(t.store, { name: 'cache', environment: 'dev', limits: { budgetUsd: { amount: 100, period: 'day' } } });
      const spec = { name: `usd-day:key:${record.id}`, kind: 'period' as const, limit: 100_000_000, amount: 0, windowMs: 0 };
      const reserved: number[] = [];
      const admit = limits.admit.bind(limits);
      limits.admit = (specs, id, now) => {
        const budget = specs.find((s) => s.name === spec.name);
        if (budget) reserved.push(budget.amount);
        return admit(specs, id, now);
      };
      const send = (system: unknown) =>
        fetch(`${t.url}/v1/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 10, system, messages: [{ role: 'user', content: 'hi' }] }),
        });
      const text = 'You are a careful assistant. '.repeat(40);
      expect((await send([{ type: 'text', text }])).status).toBe(200);
      expect((await send([{ type: 'text', text, cache_control: { type: 'ephemeral' } }])).status).toBe(200);
      expect(reserved).toHaveLength(2);
      expect(reserved[1]!).toBeGreaterThan(reserved[0]!);
    } finally {
      await t.close();
    }
  });
});
