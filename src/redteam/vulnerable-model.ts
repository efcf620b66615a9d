import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeNow, sendJson } from '../util/http-server.js';
import { vulnerableReply, type Conversation } from './vulnerable/respond.js';

/**
 * A deliberately vulnerable model on loopback, for tests and `portcullis redteam --demo`: it
 * speaks OpenAI Chat Completions and Anthropic Messages (streamed and not), and obeys whatever
 * instruction it reads (see vulnerable/respond.ts). Never expose it beyond loopback.
 */
export interface VulnerableModelOptions {
  /** The key it accepts (Bearer, x-api-key or api-key); any key when unset. */
  readonly apiKey?: string;
  /** Answer this many requests with 429 and `Retry-After: 0` first (to test retries). */
  readonly rateLimitFirst?: number;
  readonly chunkDelayMs?: number;
}

export interface VulnerableModel {
  readonly url: string;
  /** Requests answered (429s included). */
  readonly requestCount: () => number;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).filter(Boolean).join('\n');
  if (value && typeof value === 'object') {
    const v = value as Json;
    if (typeof v.text === 'string') return v.text;
    if (v.type === 'document' && v.source && typeof (v.source as Json).data === 'string') return (v.source as Json).data as string;
    if (v.type === 'tool_result') return textOf(v.content);
    if ('content' in v) return textOf(v.content);
  }
  return '';
}

export function openaiConversation(body: Json): Conversation {
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  const system = messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => textOf(m.content)).join('\n\n');
  const inputs = messages.filter((m) => m.role === 'user' || m.role === 'tool').map((m) => textOf(m.content));
  return { system, inputs };
}

export function anthropicConversation(body: Json): Conversation {
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  const inputs: string[] = [];
  for (const m of messages) {
    if (m.role !== 'user') continue;
    if (Array.isArray(m.content)) for (const block of m.content) inputs.push(textOf(block));
    else inputs.push(textOf(m.content));
  }
  return { system: textOf(body.system), inputs };
}

function words(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
}

function openaiAnswer(body: Json, reply: string): { json?: unknown; events?: string[] } {
  const id = `chatcmpl-vuln${Date.now().toString(36)}`;
  const model = typeof body.model === 'string' ? body.model : 'vulnerable';
  const created = Math.floor(Date.now() / 1000);
  const usage = { prompt_tokens: 10, completion_tokens: words(reply).length, total_tokens: 10 + words(reply).length };
  if (body.stream !== true) {
    return { json: { id, object: 'chat.completion', created, model, choices: [{ index: 0, message: { role: 'assistant', content: reply, refusal: null }, finish_reason: 'stop', logprobs: null }], usage } };
  }
  const chunk = (choices: unknown[], extra: Json = {}): string => `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`;
  const events = [chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }])];
  for (const piece of words(reply)) events.push(chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]));
  events.push(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
  if ((body.stream_options as Json | undefined)?.include_usage === true) events.push(chunk([], { usage }));
  events.push('data: [DONE]\n\n');
  return { events };
}

function anthropicAnswer(body: Json, reply: string): { json?: unknown; events?: string[] } {
  const model = typeof body.model === 'string' ? body.model : 'vulnerable';
  const usage = { input_tokens: 10, output_tokens: words(reply).length, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
  const message = { id: `msg_vuln${Date.now().toString(36)}`, type: 'message', role: 'assistant', model, content: [{ type: 'text', text: reply }], stop_reason: 'end_turn', stop_sequence: null, usage };
  if (body.stream !== true) return { json: message };
  const ev = (type: string, data: Json): string => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  const events = [
    ev('message_start', { message: { ...message, content: [], stop_reason: null, usage: { ...usage, output_tokens: 1 } } }),
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  ];
  for (const piece of words(reply)) events.push(ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: piece } }));
  events.push(ev('content_block_stop', { index: 0 }), ev('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output_tokens } }), ev('message_stop', {}));
  return { events };
}

function keyOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice(7);
  const header = req.headers['x-api-key'] ?? req.headers['api-key'];
  return typeof header === 'string' ? header : undefined;
}

export async function startVulnerableModel(options: VulnerableModelOptions = {}): Promise<VulnerableModel> {
  let count = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      count++;
      handle(req, res, Buffer.concat(chunks).toString('utf8'), count);
    });
  });

  function handle(req: IncomingMessage, res: ServerResponse, raw: string, n: number): void {
    const path = (req.url ?? '').split('?')[0]!;
    const anthropic = path === '/v1/messages';
    if (req.method !== 'POST' || (path !== '/v1/chat/completions' && !anthropic)) {
      sendJson(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
      return;
    }
    if (options.apiKey !== undefined && keyOf(req) !== options.apiKey) {
      sendJson(res, 401, anthropic ? { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } : { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } });
      return;
    }
    if (n <= (options.rateLimitFirst ?? 0)) {
      sendJson(res, 429, { error: { message: 'Rate limit reached', type: 'rate_limit_error' } }, { 'retry-after': '0' });
      return;
    }
    let body: Json;
    try {
      body = JSON.parse(raw) as Json;
    } catch {
      sendJson(res, 400, { error: { message: 'invalid JSON', type: 'invalid_request_error' } });
      return;
    }
    const conversation = anthropic ? anthropicConversation(body) : openaiConversation(body);
    const reply = vulnerableReply(conversation);
    const answer = anthropic ? anthropicAnswer(body, reply) : openaiAnswer(body, reply);
    if (answer.events) stream(res, answer.events);
    else sendJson(res, 200, answer.json);
  }

  function stream(res: ServerResponse, events: readonly string[]): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    let i = 0;
    const tick = (): void => {
      if (res.destroyed) return;
      if (i >= events.length) {
        res.end();
        return;
      }
      res.write(events[i++]);
      setTimeout(tick, options.chunkDelayMs ?? 0);
    };
    tick();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    requestCount: () => count,
    close: () => closeNow(server),
  };
}

