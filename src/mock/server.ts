import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicModels, countTokensAnswer, messagesAnswer } from './anthropic-mock.js';
import { moderationBehavior, moderationsAnswer } from './moderation-mock.js';
import { chatCompletion, embeddings, openaiModels, responsesAnswer } from './openai-mock.js';
import type { MockAnswer, MockBehavior, MockRequestRecord } from './types.js';
import { closeNow, sendJson as sendJsonAnswer } from '../util/http-server.js';

export interface MockProviderOptions {
  /** The provider key the mock accepts, as OpenAI, Anthropic and Azure send it. */
  readonly apiKey: string;
  /** Pause between streamed events: streams arrive on timers, as from a real model. */
  readonly chunkDelayMs?: number;
  readonly onRequest?: (record: MockRequestRecord) => void;
  readonly behavior?: (record: MockRequestRecord) => MockBehavior | undefined;
}

export interface MockProvider {
  readonly url: string;
  readonly host: string;
  readonly requests: MockRequestRecord[];
  close(): Promise<void>;
}

type Handler = (body: Record<string, unknown>) => MockAnswer;

const OPENAI_ROUTES: Record<string, Handler> = {
  'POST /v1/chat/completions': chatCompletion,
  'POST /v1/responses': responsesAnswer,
  'POST /v1/embeddings': embeddings,
  'POST /v1/moderations': moderationsAnswer,
  'GET /v1/models': openaiModels,
};
const ANTHROPIC_ROUTES: Record<string, Handler> = {
  'POST /v1/messages': messagesAnswer,
  'POST /v1/messages/count_tokens': countTokensAnswer,
  'GET /v1/models': anthropicModels,
};

/**
 * The built-in mock provider: OpenAI, Azure OpenAI and Anthropic endpoints on a loopback port,
 * streaming on timers. `npm start` uses it when no provider key is configured; tests use it as
 * the fake upstream, with `behavior` to inject failures and `requests` to see what arrived.
 */
export async function startMockProvider(options: MockProviderOptions): Promise<MockProvider> {
  const requests: MockRequestRecord[] = [];
  const delay = options.chunkDelayMs ?? 15;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> | undefined;
      try {
        body = rawBody ? (JSON.parse(rawBody) as Record<string, unknown>) : undefined;
      } catch {
        body = undefined;
      }
      const url = new URL(req.url ?? '/', 'http://mock');
      const record: MockRequestRecord = { method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, rawBody, body, aborted: false };
      requests.push(record);
      res.on('close', () => {
        if (!res.writableFinished) record.aborted = true;
      });
      options.onRequest?.(record);
      serve(req, res, url, record);
    });
  });

  function serve(req: IncomingMessage, res: ServerResponse, url: URL, record: MockRequestRecord, delayed = false): void {
    const anthropic = req.headers['anthropic-version'] !== undefined || url.pathname.startsWith('/v1/messages');
    const presented = req.headers['x-api-key'] ?? req.headers['api-key'] ?? (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (presented !== options.apiKey) {
      sendJson(res, 401, anthropic
        ? { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }
        : { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key', param: null } });
      return;
    }
    // A test's hook decides first; otherwise moderation text may ask for an outage itself.
    const moderation = !anthropic && req.method === 'POST' && url.pathname === '/v1/moderations';
    const behavior = delayed ? undefined : (options.behavior?.(record) ?? (moderation ? moderationBehavior(record.body) : undefined));
    if (behavior?.kind === 'status') {
      sendJson(res, behavior.status, behavior.body, behavior.headers);
      return;
    }
    if (behavior?.kind === 'redirect') {
      res.writeHead(307, { location: behavior.location }).end();
      return;
    }
    if (behavior?.kind === 'hang') return;
    if (behavior?.kind === 'reset') {
      req.socket.resetAndDestroy();
      return;
    }
    if (behavior?.kind === 'delay') {
      setTimeout(() => {
        serve(req, res, url, { ...record, body: record.body }, true);
      }, behavior.ms);
      return;
    }
    // Azure deployment URLs map onto the OpenAI handlers.
    const path = url.pathname.replace(/^\/openai\/deployments\/[^/]+/, '/v1').replace(/^\/openai\//, '/v1/');
    const handler = (anthropic ? ANTHROPIC_ROUTES : OPENAI_ROUTES)[`${req.method ?? ''} ${path}`];
    if (!handler) {
      sendJson(res, 404, { error: { message: `mock: no route ${req.method ?? ''} ${url.pathname}`, type: 'not_found_error' } });
      return;
    }
    const answer = behavior?.kind === 'raw-events' ? { events: behavior.events } : handler(record.body ?? {});
    if (answer.events) streamEvents(res, answer.events, behavior);
    else sendJson(res, 200, answer.json);
  }

  function streamEvents(res: ServerResponse, events: readonly string[], behavior: MockBehavior | undefined): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': 'mock-req' });
    let i = 0;
    const tick = (): void => {
      if (res.destroyed) return;
      if (behavior?.kind === 'stall-midstream' && i === behavior.afterEvents) return; // silent, never ends
      if (behavior?.kind === 'fail-midstream' && i === behavior.afterEvents) {
        res.socket?.destroy(); // the connection dies: no terminal event, no chunked trailer
        return;
      }
      if (i >= events.length && behavior?.kind === 'raw-events' && behavior.stallAtEnd === true) return; // all sent, never ends
      if ((behavior?.kind === 'end-early' && i === behavior.afterEvents) || i >= events.length) {
        res.end();
        return;
      }
      res.write(events[i++]);
      setTimeout(tick, delay);
    };
    tick();
  }

  // exclusive: in a `serve --workers` worker, a port-0 listen would otherwise be shared by every
  // worker's mock (node:cluster), each with its own key.
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () => closeNow(server),
  };
}

/** Every mock answer carries the provider-style request id header. */
function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonAnswer(res, status, body, { 'x-request-id': 'mock-req', ...headers });
}
