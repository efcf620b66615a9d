import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeUpstreamOptions {
  /** The provider key the upstream accepts (`Authorization: Bearer <key>`). */
  readonly apiKey: string;
  /**
   * Pause between stream events. 0 (the default) writes each event on its own event-loop turn
   * (setImmediate): every event is a separate socket write, but no timer shapes the numbers.
   */
  readonly chunkDelayMs?: number;
}

export interface FakeUpstream {
  readonly url: string;
  close(): Promise<void>;
}

/** Content deltas in a streamed answer; with the role, finish and [DONE] events about 20 in all. */
const STREAM_DELTAS = 17;
const MODEL = 'gpt-4o-mini';
const CREATED = 1_700_000_000;
const USAGE = { prompt_tokens: 9, completion_tokens: STREAM_DELTAS, total_tokens: 9 + STREAM_DELTAS };

/** The fixed non-streamed answer, serialized once. */
const COMPLETION = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: CREATED,
    model: MODEL,
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hello from the benchmark upstream.', refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: USAGE,
  }),
);

/** The stream's events, serialized once; with `include_usage` the usage chunk precedes [DONE]. */
function streamEvents(includeUsage: boolean): Buffer[] {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): Buffer =>
    Buffer.from(
      `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: CREATED, model: MODEL, choices, ...(includeUsage ? { usage: null } : {}), ...extra })}\n\n`,
    );
  const events = [chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }])];
  for (let i = 0; i < STREAM_DELTAS; i++) events.push(chunk([{ index: 0, delta: { content: `word${i} ` }, finish_reason: null }]));
  events.push(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
  if (includeUsage) events.push(chunk([], { usage: USAGE }));
  events.push(Buffer.from('data: [DONE]\n\n'));
  return events;
}
const EVENTS_PLAIN = streamEvents(false);
const EVENTS_WITH_USAGE = streamEvents(true);

const UNAUTHORIZED = Buffer.from(JSON.stringify({ error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key', param: null } }));
const NOT_FOUND = Buffer.from(JSON.stringify({ error: { message: 'no such route', type: 'invalid_request_error' } }));

/**
 * A lean fake OpenAI upstream: POST /v1/chat/completions only, fixed answers serialized at
 * start, so that it is never the bottleneck of the benchmark.
 */
export async function startFakeUpstream(options: FakeUpstreamOptions): Promise<FakeUpstream> {
  const expected = `Bearer ${options.apiKey}`;
  const delay = options.chunkDelayMs ?? 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        sendJson(res, 404, NOT_FOUND);
        return;
      }
      if (req.headers.authorization !== expected) {
        sendJson(res, 401, UNAUTHORIZED);
        return;
      }
      let body: { stream?: unknown; stream_options?: { include_usage?: unknown } } | undefined;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        body = undefined;
      }
      if (body?.stream === true) stream(res, body.stream_options?.include_usage === true ? EVENTS_WITH_USAGE : EVENTS_PLAIN);
      else sendJson(res, 200, COMPLETION);
    });
  });
  server.keepAliveTimeout = 60_000;

  function stream(res: ServerResponse, events: readonly Buffer[]): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': 'upstream-req' });
    let i = 0;
    const next = (): void => {
      if (res.destroyed) return;
      const event = events[i++];
      if (event === undefined) {
        res.end();
        return;
      }
      res.write(event);
      if (delay > 0) setTimeout(next, delay);
      else setImmediate(next);
    };
    next();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

function sendJson(res: ServerResponse, status: number, body: Buffer): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.length, 'x-request-id': 'upstream-req' });
  res.end(body);
}
