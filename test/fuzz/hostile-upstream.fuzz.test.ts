import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, type ErrorCode } from '../../src/errors.js';
import { SseParser, type SseEvent } from '../../src/providers/sse.js';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { fuzzSettings, fuzzTimeoutMs, HANG_MS } from './fuzz-settings.js';

/**
 * A hostile upstream, byte by byte: real and broken SSE events in any split, invalid UTF-8, CR
 * and CRLF line ends, huge lines, wrong content types, error statuses, and a stream that ends
 * cleanly, is reset mid-way or stalls. Properties: every client request is answered and ends
 * (no hang), a stream ends exactly once with the provider's terminal event or an error event in
 * its format and nothing after it, a 5xx is only a documented upstream code or the upstream's own
 * status passed on, every request leaves one audit event, and the gateway keeps serving.
 */
type Ending = 'end' | 'reset' | 'stall';
interface Script {
  status: number;
  contentType: string;
  chunks: Buffer[];
  ending: Ending;
}

const OPENAI_EVENTS = [
  'data: {"id":"c1","object":"chat.completion.chunk","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"}}]}\n\n',
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":null}]}\n\n',
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n',
  'data: {"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}\n\n',
  'data: [DONE]\n\n',
  'data: {"error":{"message":"upstream says no","type":"server_error"}}\n\n',
];
const ANTHROPIC_EVENTS = [
  'event: message_start\ndata: {"type":"message_start","message":{"id":"m1","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"usage":{"input_tokens":3,"output_tokens":1}}}\n\n',
  'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
  'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}\n\n',
  'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
  'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}\n\n',
  'event: message_stop\ndata: {"type":"message_stop"}\n\n',
  'event: ping\ndata: {"type":"ping"}\n\n',
  'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
];

const garbage = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.jsonValue({ maxDepth: 2 }).map((j) => `data: ${JSON.stringify(j)}\n\n`),
  fc.constantFrom(': keep-alive\n\n', 'data:\n\n', 'event: \n\n', 'data: {"choices":null}\n\n', 'data: {"type":"message_delta","usage":{"output_tokens":-5}}\n\n', 'retry: 10\n\n', '\ufeffdata: x\n\n', 'data: [DONE]\n', '\n\n\n'),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => `data: ${'x'.repeat(n)}\n\n`),
);

function script(api: 'openai' | 'anthropic'): fc.Arbitrary<Script> {
  const real = fc.constantFrom(...(api === 'openai' ? OPENAI_EVENTS : ANTHROPIC_EVENTS));
  return fc
    .record({
      status: fc.oneof({ arbitrary: fc.constant(200), weight: 12 }, { arbitrary: fc.constantFrom(400, 404, 413, 429, 500, 503), weight: 1 }),
      contentType: fc.oneof({ arbitrary: fc.constant('text/event-stream'), weight: 10 }, { arbitrary: fc.constantFrom('text/event-stream; charset=utf-8', 'application/json', 'text/plain', ''), weight: 2 }),
      events: fc.array(fc.oneof({ arbitrary: real, weight: 4 }, { arbitrary: garbage, weight: 1 }), { maxLength: 14 }),
      eol: fc.constantFrom('\n', '\r\n', '\r'),
      badUtf8: fc.boolean(),
      cuts: fc.array(fc.nat(), { maxLength: 8 }),
      ending: fc.oneof({ arbitrary: fc.constant<Ending>('end'), weight: 6 }, { arbitrary: fc.constantFrom<Ending>('reset', 'stall'), weight: 1 }),
    })
    .map(({ status, contentType, events, eol, badUtf8, cuts, ending }) => {
      let bytes = Buffer.from(events.join('').replace(/\n/g, eol), 'utf8');
      if (badUtf8 && bytes.length > 0) {
        const at = bytes.length >> 1;
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([0xf0, 0x9f, 0xff, 0xc3]), bytes.subarray(at)]);
      }
      const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
      const chunks: Buffer[] = [];
      let from = 0;
      for (const p of points) {
        chunks.push(bytes.subarray(from, p));
        from = p;
      }
      chunks.push(bytes.subarray(from));
      return { status, contentType, chunks: chunks.filter((c) => c.length > 0), ending };
    });
}

/** Codes the gateway may answer with a 5xx of its own when the upstream misbehaves. */
const UPSTREAM_CODES = new Set<string>((Object.keys(ERROR_CODES) as ErrorCode[]).filter((c) => ['upstream', 'timeout'].includes(ERROR_CODES[c].family)));

describe('hostile upstream streams, fuzzed through the real gateway', () => {
  let t: TestGateway;
  let fake: Server;
  let next: Script = { status: 200, contentType: 'text/event-stream', chunks: [], ending: 'end' };

  beforeAll(async () => {
    fake = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const s = next;
        res.writeHead(s.status, s.contentType ? { 'content-type': s.contentType } : {});
        let i = 0;
        const tick = (): void => {
          if (res.destroyed) return;
          if (i < s.chunks.length) {
            res.write(s.chunks[i++]);
            setImmediate(tick);
          } else if (s.ending === 'end') res.end();
          else if (s.ending === 'reset') res.destroy();
          // 'stall': stay silent; the gateway's body timeout must end it.
        };
        tick();
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    t = await startTestGateway({
      config: {
        upstream: { bodyTimeoutMs: 300 },
        environments: {
          dev: {
            providers: {
              openai: { type: 'openai', baseUrl: url, apiKey: 'env:TEST_PROVIDER_KEY' },
              anthropic: { baseUrl: url, apiKey: 'env:TEST_PROVIDER_KEY' },
            },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await t.close();
    fake.closeAllConnections();
    await new Promise((resolve) => fake.close(resolve));
  });

  it('answers and ends every request, in the provider\'s format, and audits each once', async () => {
    let requests = 0;
    const settings = fuzzSettings(60);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('openai', 'anthropic').chain((api) => fc.tuple(fc.constant(api), script(api), fc.boolean())),
        async ([api, s, stream]) => {
          next = s;
          requests++;
          const anthropic = api === 'anthropic';
          const res = await fetch(`${t.url}${anthropic ? '/v1/messages' : '/v1/chat/completions'}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
            body: JSON.stringify({ model: anthropic ? 'claude-haiku-4-5' : 'gpt-4o-mini', max_tokens: 5, stream, messages: [{ role: 'user', content: 'x' }] }),
            signal: AbortSignal.timeout(HANG_MS),
          });
          const text = await res.text();
          const code = res.headers.get('x-portcullis-error-code');
          if (res.status >= 500) {
            // The upstream's own status passed on, or one of the documented upstream codes.
            expect(code === null ? res.status === s.status : UPSTREAM_CODES.has(code), `${res.status} ${code ?? ''} ${text.slice(0, 200)}`).toBe(true);
          }
          // A non-streamed request gets the upstream's 2xx body as it came, and an error status
          // passes on the upstream's body whatever its content type (docs/reliability.md).
          if (stream && res.status === 200 && res.headers.get('content-type')?.startsWith('text/event-stream')) {
            const parser = new SseParser();
            const events = [...parser.push(Buffer.from(text)), ...parser.end()].filter((e) => e.event !== undefined || e.data !== '');
            const providerEnd = (e: SseEvent): boolean => (anthropic ? e.event === 'message_stop' : e.data === '[DONE]');
            const errorEvent = (e: SseEvent): boolean => (anthropic ? e.event === 'error' : e.event === undefined && e.data.startsWith('{"error"'));
            const last = events.at(-1);
            // The stream ended with the provider's end or an error event, and nothing follows it.
            expect(last !== undefined && (providerEnd(last) || errorEvent(last)), text.slice(-400)).toBe(true);
            const firstEnd = events.findIndex(providerEnd);
            if (firstEnd !== -1) expect(events.length - 1, 'nothing after the final event').toBe(firstEnd);
          }
        },
      ),
      settings,
    );
    const events = await auditEvents(t);
    expect(events.filter((e) => e.endpoint !== 'GET /healthz').length).toBe(requests);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  }, fuzzTimeoutMs(60, 400));

  it('relays nothing after the final event, and a failure after it is no failure for the client', async () => {
    const done = 'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"hi"}}]}\n\ndata: [DONE]\n\n';
    const after = 'data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"SMUGGLED"}}]}\n\n: ping\n\n';
    for (const [chunks, ending] of [
      [[done, after], 'stall'],
      [[done + after], 'stall'],
      [[done], 'reset'],
      [[done], 'stall'],
    ] as const) {
      next = { status: 200, contentType: 'text/event-stream', chunks: chunks.map((c) => Buffer.from(c)), ending };
      const res = await fetch(`${t.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'x' }] }),
        signal: AbortSignal.timeout(HANG_MS),
      });
      const text = await res.text();
      expect(text, `${chunks.length} chunk(s), ${ending}`).toMatch(/data: \[DONE\]\n\n$/);
      expect(text).not.toContain('SMUGGLED');
      const [event] = (await auditEvents(t)).filter((e) => e.endpoint === 'POST /v1/chat/completions').sort((a, b) => b.requestId.localeCompare(a.requestId));
      expect(event?.decision).toBe('allowed');
      expect(event?.errorCode).toBeNull();
    }
  });

  it('ends a never-ending upstream event (over 8 MiB) with an error event, not unbounded memory', async () => {
    next = { status: 200, contentType: 'text/event-stream', chunks: [Buffer.from('data: '), ...Array.from({ length: 9 }, () => Buffer.alloc(1024 * 1024, 0x61))], ending: 'end' };
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'x' }] }),
      signal: AbortSignal.timeout(HANG_MS),
    });
    const text = await res.text();
    expect(text.length).toBeLessThan(1024);
    expect(text).toMatch(/^data: \{"error":\{"message":"The upstream sent a malformed stream\.".*"code":"upstream_stream_failed"\}\}\n\n$/);
  });
});
