import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { breakerPolicy, retryPolicy } from '../config/upstream-policy.js';
import { GatewayError } from '../errors.js';
import type { BufferedCall, UpstreamResponse } from './client.js';
import { createUpstreamFaults, exchangeOf, sendBuffered, sendStreamed, upstreamHosts, type UpstreamTiming } from './faults.js';
import type { UpstreamPolicy } from './policy.js';

/** A clock that moves only when the code under test sleeps: no real waits, no timing luck. */
function fakeTiming(): UpstreamTiming & { slept: number[]; t: number } {
  const timing = {
    t: 1_000_000,
    slept: [] as number[],
    now: () => timing.t,
    random: () => 0.5,
    sleep: (ms: number, signal: AbortSignal) => {
      timing.slept.push(ms);
      if (signal.aborted) return Promise.reject(new Error('aborted'));
      timing.t += ms;
      return Promise.resolve();
    },
  };
  return timing;
}

interface Binding {
  readonly policy: UpstreamPolicy;
  readonly fallback?: Binding;
  readonly adapter: { readonly kind: string; readonly hosts: readonly string[] };
  readonly name: string;
}

function binding(name: string, over: { retry?: object; breaker?: object; fallback?: Binding } = {}): Binding {
  return {
    name,
    adapter: { kind: 'openai', hosts: [`${name}.example`] },
    policy: {
      upstream: `openai https://${name}.example`,
      timeouts: {},
      totalMs: undefined,
      retry: retryPolicy.parse({ baseDelayMs: 100, ...over.retry }),
      breaker: breakerPolicy.parse({ consecutiveFailures: 3, ...over.breaker }),
    },
    ...(over.fallback ? { fallback: over.fallback } : {}),
  };
}

type Script = (number | Error | { status: number; headers: IncomingHttpHeaders })[];

/** An upstream that answers from a script, one entry per attempt, and counts what it got. */
function scripted(script: Script): { calls: number; send: (signal: AbortSignal) => Promise<UpstreamResponse> } {
  const state = {
    calls: 0,
    send: (_signal: AbortSignal): Promise<UpstreamResponse> => {
      const step = script[Math.min(state.calls, script.length - 1)]!;
      state.calls++;
      if (step instanceof Error) return Promise.reject(step);
      const { status, headers } = typeof step === 'number' ? { status: step, headers: {} } : step;
      return Promise.resolve({ statusCode: status, headers, body: Readable.from([]), trailers: {}, opaque: null, context: {} } as unknown as UpstreamResponse);
    },
  };
  return state;
}

const unreachable = (): GatewayError => new GatewayError('upstream_unreachable', 'the x upstream could not be reached');

function streamed(faults: ReturnType<typeof createUpstreamFaults>, primary: Binding, upstreams: Record<string, ReturnType<typeof scripted>>, signal = new AbortController().signal) {
  return sendStreamed(
    faults,
    {
      binding: primary,
      canServe: () => true,
      prepare: (b: Binding) => ({ extra: b.name, send: (s: AbortSignal) => upstreams[b.name]!.send(s) }),
    },
    signal,
  );
}

describe('retries', () => {
  it('retries a 5xx with jittered backoff and relays the success', async () => {
    const timing = fakeTiming();
    const faults = createUpstreamFaults({ totalTimeoutMs: 60_000, timing });
    const up = { a: scripted([503, 502, 200]) };
    const { response, exchange } = await streamed(faults, binding('a'), up);
    expect(response.statusCode).toBe(200);
    expect(up.a.calls).toBe(3);
    // Full jitter with random() = 0.5: half of 100, then half of 200.
    expect(timing.slept).toEqual([50, 100]);
    expect(exchange.attempts.map((a) => [a.status, a.waitMs])).toEqual([[503, undefined], [502, 50], [200, 100]]);
    exchange.dispose();
  });

  it('retries connection errors; gives up after maxAttempts with the last error', async () => {
    const faults = createUpstreamFaults({ totalTimeoutMs: 60_000, timing: fakeTiming() });
    const up = { a: scripted([unreachable()]) };
    const err = await streamed(faults, binding('a'), up).catch((e: unknown) => e);
    expect((err as GatewayError).code).toBe('upstream_unreachable');
    expect(up.a.calls).toBe(3);
    expect(exchangeOf(err)?.attempts.map((a) => a.errorCode)).toEqual(['upstream_unreachable', 'upstream_unreachable', 'upstream_unreachable']);
  });

  it('does not retry other failures (egress refused) or statuses outside the list (400, 501)', async () => {
    const faults = createUpstreamFaults({ totalTimeoutMs: 60_000, timing: fakeTiming() });
    const denied = { a: scripted([new GatewayError('egress_denied', 'no')]) };
    expect(((await streamed(faults, binding('a'), denied).catch((e: unknown) => e)) as GatewayError).code).toBe('egress_denied');
    expect(denied.a.calls).toBe(1);
    for (const status of [400, 501]) {
      const up = { b: scripted([status, 200]) };
      expect((await streamed(faults, binding('b'), up)).response.statusCode).toBe(status);
      expect(up.b.calls).toBe(1);
    }
  });

  it('waits at least Retry-After, and relays the 429 at once when it asks for longer than the cap', async () => {
    const timing = fakeTiming();
    const faults = createUpstreamFaults({ totalTimeoutMs: 60_000, timing });
    const short = { a: scripted([{ status: 429, headers: { 'retry-after': '1' } }, 200]) };
    expect((await streamed(faults, binding('a'), short)).response.statusCode).toBe(200);
    expect(timing.slept).toEqual([1000]);
    const long = { b: scripted([{ status: 429, headers: { 'retry-after': '30' } }, 200]) };
    const { response } = await streamed(faults, binding('b'), long);
    expect(response.statusCode).toBe(429);
    expect(long.b.calls).toBe(1);
  });

  it('starts no retry past the retry budget', async () => {
    const timing = fakeTiming();
    const faults = createUpstreamFaults({ totalTimeoutMs: 60_000, timing });
    const up = { a: scripted([{ status: 503, headers: { 'retry-after': '2' } }]) };
    const { response } = await streamed(faults, binding('a', { retry: { maxAttempts: 10, budgetMs: 5_000 } }), up);
    expect(response.statusCode).toBe(503);
    expect(up.a.calls).toBe(3); // waits 2 s + 2 s; a third wait would pass 5 s
  });

  it('starts no wait that would end past the total deadline: the last answer is relayed', async () => {
    const timing = fakeTiming();
    const faults = createUpstreamFaults({ totalTimeoutMs: 1_500, timing });
    const up = { a: scripted([{ status: 503, headers: { 'retry-after': '2' } }, 200]) };
    const { response, exchange } = await streamed(faults, binding('a', { retry: { maxRetryAfterMs: 5_000 } }), up);
    expect(response.statusCode).toBe(503);
    expect(up.a.calls).toBe(1);
    expect(timing.slept).toEqual([]);
    exchange.dispose();
  });

  it('stops waiting when the client goes away', async () => {
    const timing = fakeTiming();
    const faults = createUpstreamFaults({ totalTimeoutMs: 60_000, timing });
    const client = new AbortController();
    const up = {
      a: {
        calls: 0,
        send: () => {
          up.a.calls++;
          client.abort();
          return Promise.reject(unreachable());
        },
      },
    };
    const err = await streamed(faults, binding('a'), up, client.signal).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(up.a.calls).toBe(1);
  });

  it('a buffered 2xx that fails while read (too large) is not retried', async () => {
    const faults = createUpstreamFaults({ totalTimeoutMs: 60_000, timing: fakeTiming() });
    let calls = 0;
    const call = sendBuffered(faults, {
      binding: binding('a'),
      canServe: () => true,
      prepare: () => ({
        extra: null,
        call: (): BufferedCall => {
          calls++;
          return { response: Promise.reject(new GatewayError('upstream_response_too_large', 'big')), statusCode: 200, aborted: false, abort: () => undefined };
        },
      }),
    });
    const err = await call.response.catch((e: unknown) => e);
    expect((err as GatewayError).code).toBe('upstream_response_too_large');
    expect(calls).toBe(1);
    expect(call.statusCode).toBe(200);
  });

  it('the total deadline ends the exchange with upstream_timeout', async () => {
    const faults = createUpstreamFaults({ totalTimeoutMs: 20, timing: fakeTiming() });
    const hang = { a: { calls: 0, send: (signal: AbortSignal) => new Promise<UpstreamResponse>((_resolve, reject) => { signal.addEventListener('abort', () => { reject(signal.reason as Error); }); }) } };
    const err = await streamed(faults, binding('a'), hang).catch((e: unknown) => e);
    expect((err as GatewayError).code).toBe('upstream_timeout');
    expect(exchangeOf(err)?.attempts).toHaveLength(1);
  });
});

describe('circuit breaker and fallback', () => {
  it('opens after consecutive failures, refuses with upstream_circuit_open and Retry-After, and recovers after the cool-down', async () => {
    const timing = fakeTiming();
    const faults = createUpstreamFaults({ totalTimeoutMs: 60_000, timing });
    const a = binding('a', { retry: { maxAttempts: 1 }, breaker: { cooldownMs: 10_000 } });
    const up = { a: scripted([500, 500, 500, 200]) };
    for (let i = 0; i < 3; i++) expect((await streamed(faults, a, up)).response.statusCode).toBe(500);
    const err = await streamed(faults, a, up).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).code).toBe('upstream_circuit_open');
    expect((err as GatewayError).headers['retry-after']).toBe('10');
    expect(up.a.calls).toBe(3); // nothing was sent while open
    expect(faults.breakers.snapshot()).toMatchObject([{ upstream: 'openai https://a.example', state: 'open' }]);
    timing.t += 10_000;
    expect((await streamed(faults, a, up)).response.statusCode).toBe(200); // the half-open probe
    expect(faults.breakers.snapshot()[0]!.state).toBe('closed');
  });

  it('fails over to the fallback once the primary\'s attempts are used up', async () => {
    const faults = createUpstreamFaults({ totalTimeoutMs: 60_000, timing: fakeTiming() });
    const primary = binding('a', { fallback: binding('b') });
    const up = { a: scripted([503]), b: scripted([200]) };
    const { response, exchange } = await streamed(faults, primary, up);
    expect(response.statusCode).toBe(200);
    expect(exchange.extra).toBe('b');
    expect(exchange.binding.name).toBe('b');
    expect(exchange.attempts.map((x) => [x.upstream, x.fallback, x.status])).toEqual([
      ['openai https://a.example', false, 503],
      ['openai https://a.example', false, 503],
      ['openai https://a.example', false, 503],
      ['openai https://b.example', true, 200],
    ]);
    expect(upstreamHosts(primary)).toEqual(['a.example', 'b.example']);
  });

  it('goes straight to the fallback while the primary\'s circuit is open', async () => {
    const faults = createUpstreamFaults({ totalTimeoutMs: 60_000, timing: fakeTiming() });
    const primary = binding('a', { retry: { maxAttempts: 1 }, breaker: { consecutiveFailures: 1 }, fallback: binding('b') });
    const up = { a: scripted([unreachable(), 200]), b: scripted([200]) };
    await streamed(faults, primary, up);
    const { exchange } = await streamed(faults, primary, up);
    expect(up.a.calls).toBe(1);
    expect(exchange.attempts.map((x) => x.errorCode)).toEqual(['upstream_circuit_open', null]);
  });

  it('relays the primary\'s last answer when the fallback cannot take the request', async () => {
    const faults = createUpstreamFaults({ totalTimeoutMs: 60_000, timing: fakeTiming() });
    const primary = binding('a', { retry: { maxAttempts: 1 }, fallback: binding('b') });
    const up = { a: scripted([503]), b: scripted([200]) };
    const result = await sendStreamed(
      faults,
      { binding: primary, canServe: (b) => b.name !== 'b', prepare: (b: Binding) => ({ extra: b.name, send: (s: AbortSignal) => up[b.name as 'a'].send(s) }) },
      new AbortController().signal,
    );
    expect(result.response.statusCode).toBe(503);
    expect(up.b.calls).toBe(0);
  });
});
