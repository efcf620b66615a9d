import { connect, type Socket } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';

/**
 * Hostile input against the real gateway: every limit of `server.requestLimits` answers with its
 * code in the caller's API shape, slow clients are cut off, and the gateway keeps serving.
 */
const LIMITS = { maxMessages: 8, maxContentParts: 4, maxTools: 3, maxArrayItems: 50, maxModelChars: 40, maxHeaders: 30, maxHeaderBytes: 4096, maxQueryParams: 5, headersTimeoutMs: 400 };

describe('hostile input', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ chunkDelayMs: 0, config: { server: { requestTimeoutMs: 800, requestLimits: LIMITS } } });
  });
  afterAll(() => t.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const user = (n: number): { role: string; content: string }[] => Array.from({ length: n }, () => ({ role: 'user', content: 'hi' }));

  it('refuses too many messages, content parts and tools, naming the field', async () => {
    const cases: [string, unknown, string][] = [
      ['/v1/chat/completions', { model: 'gpt-4o-mini', messages: user(9) }, '"messages" has 9 items'],
      ['/v1/responses', { model: 'gpt-4o-mini', input: user(9) }, '"input" has 9 items'],
      ['/v1/chat/completions', { model: 'gpt-4o-mini', messages: [{ role: 'user', content: Array.from({ length: 5 }, () => ({ type: 'text', text: 'a' })) }] }, '"messages[0].content" has 5 items'],
      ['/v1/chat/completions', { model: 'gpt-4o-mini', messages: user(1), tools: Array.from({ length: 4 }, (_, i) => ({ type: 'function', function: { name: `f${i}` } })) }, '"tools" has 4 items'],
      ['/v1/embeddings', { model: 'text-embedding-3-small', input: Array.from({ length: 51 }, () => 'x') }, '"input" has 51 items'],
      ['/v1/chat/completions', { model: 'gpt-4o-mini', messages: user(1), stop: Array.from({ length: 51 }, () => 'x') }, '"stop" has 51 items'],
    ];
    for (const [path, body, message] of cases) {
      const res = await post(path, body);
      const json = (await res.json()) as { error: { code: string; message: string; type: string } };
      expect(res.status, path).toBe(400);
      expect(json.error.code).toBe('array_too_long');
      expect(json.error.type).toBe('invalid_request_error');
      expect(json.error.message).toContain(message);
    }
    // At the limits exactly, the request goes through.
    const ok = await post('/v1/chat/completions', { model: 'gpt-4o-mini', messages: user(8), max_tokens: 5 });
    expect(ok.status).toBe(200);
  });

  it('answers Anthropic callers in their shape, and the SDK raises its normal error', async () => {
    const res = await post('/v1/messages', { model: 'claude-haiku-4-5', max_tokens: 5, system: Array.from({ length: 5 }, () => ({ type: 'text', text: 's' })), messages: user(1) }, { 'anthropic-version': '2023-06-01' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', code: 'array_too_long' } });

    const client = new Anthropic({ baseURL: t.url, apiKey: t.key, maxRetries: 0 });
    const err = await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 5, messages: user(9) as Anthropic.MessageParam[] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((err as InstanceType<typeof Anthropic.BadRequestError>).message).toContain('array_too_long');
  });

  it('refuses an over-long model name and prototype-pollution keys', async () => {
    const openai = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
    const err = await openai.chat.completions.create({ model: 'm'.repeat(41), messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('string_too_long');

    for (const body of [
      '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"hi","__proto__":{"admin":true}}]}',
      '{"model":"gpt-4o-mini","__proto__":{"stream":true},"messages":[]}',
      '{"model":"gpt-4o-mini","messages":[],"metadata":{"constructor":{"prototype":{"x":1}}}}',
      // The escaped spelling parses to the same key.
      '{"model":"gpt-4o-mini","messages":[],"\\u005f_proto__":{}}',
    ]) {
      const res = await post('/v1/chat/completions', body);
      expect(res.status, body).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden_json_key');
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    // A key merely named "constructor" is fine.
    const ok = await post('/v1/chat/completions', { model: 'gpt-4o-mini', max_tokens: 5, messages: user(1), metadata: { constructor: 'x' } });
    expect(ok.status).toBe(200);
  });

  it('refuses too many query parameters and too many headers before routing', async () => {
    const query = await post('/v1/chat/completions?a=1&b=2&c=3&d=4&e=5&f=6', { model: 'gpt-4o-mini', messages: user(1) });
    expect(query.status).toBe(400);
    expect(query.headers.get('x-portcullis-error-code')).toBe('too_many_query_params');
    expect(query.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(((await query.json()) as { error: { code: string } }).error.code).toBe('too_many_query_params');

    const extra = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`x-extra-${i}`, 'v']));
    const headers = await post('/v1/messages', { model: 'claude-haiku-4-5', messages: user(1) }, { ...extra, 'anthropic-version': '2023-06-01' });
    expect(headers.status).toBe(431);
    expect(await headers.json()).toMatchObject({ type: 'error', error: { type: 'request_too_large', code: 'too_many_headers' } });

    const events = await auditEvents(t);
    const refused = events.filter((e) => e.errorCode === 'too_many_headers' || e.errorCode === 'too_many_query_params');
    expect(refused.map((e) => e.errorCode).sort()).toEqual(['too_many_headers', 'too_many_query_params']);
    expect(refused.every((e) => e.decision === 'denied' && e.keyId === null)).toBe(true);
  });

  it('answers 431 headers_too_large to an oversized header block and closes the connection', async () => {
    const answer = await rawExchange(t.url, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(5000)}\r\n\r\n`);
    expect(answer.text).toMatch(/^HTTP\/1\.1 431 /);
    expect(answer.text).toContain('X-Portcullis-Error-Code: headers_too_large');
    const body = JSON.parse(answer.text.slice(answer.text.indexOf('\r\n\r\n') + 4)) as { type: string; error: { code: string; type: string } };
    expect(body).toMatchObject({ type: 'error', error: { code: 'headers_too_large', type: 'invalid_request_error' } });
    expect(answer.closed).toBe(true);
    const refused = (await auditEvents(t)).find((e) => e.errorCode === 'headers_too_large');
    expect(refused).toMatchObject({ status: 431, decision: 'denied', endpoint: 'HTTP (incomplete request)', keyId: null });
    expect(answer.text).toContain(`X-Request-Id: ${refused?.requestId ?? '?'}`);
  });

  it('answers 400 malformed_http to bytes that are not HTTP', async () => {
    const answer = await rawExchange(t.url, 'HELLO THERE\r\n\r\n');
    expect(answer.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer.text).toContain('"code":"malformed_http"');
  });

  it('cuts off a client that sends its headers too slowly (slowloris)', async () => {
    // Only a partial header block, then silence: the headers deadline (400 ms) ends it.
    const answer = await rawExchange(t.url, 'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Slow: ', { waitForClose: true });
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.text).toContain('"code":"request_timeout"');
    expect(answer.closed).toBe(true);
  });

  it('cuts off a client that sends its body too slowly', async () => {
    const head = `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${t.key}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":`;
    const answer = await rawExchange(t.url, head, { waitForClose: true });
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.text).toContain('"code":"request_timeout"');
    expect(answer.closed).toBe(true);
    // The gateway records the timeout and nothing it did not mean: no internal error.
    const events = await auditEvents(t);
    // Audited under the request id the client was given, with the endpoint it was sending to.
    const id = /X-Request-Id: (req_[0-9a-f]{32})/.exec(answer.text)?.[1];
    expect(events.find((e) => e.requestId === id)).toMatchObject({ errorCode: 'request_timeout', status: 408, endpoint: 'POST /v1/chat/completions' });
    expect(events.some((e) => e.errorCode === 'internal_error')).toBe(false);
    expect(t.logs.some((line) => line.includes('unhandled error'))).toBe(false);
  });

  it('records a client that hangs up mid-body as aborted, not as a gateway failure', async () => {
    const { hostname, port } = new URL(t.url);
    const socket = connect(Number(port), hostname);
    socket.on('error', () => undefined);
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":`);
    await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const events = await auditEvents(t);
    expect(events.some((e) => e.decision === 'aborted' && e.status === 499 && e.endpoint === 'POST /v1/chat/completions')).toBe(true);
    expect(events.some((e) => e.errorCode === 'internal_error')).toBe(false);
  });

  it('keeps serving after all of it', async () => {
    const openai = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
    const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', max_completion_tokens: 5, messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]?.message.content).toBeTruthy();
  });
});

/** Writes raw bytes and collects everything the gateway answers until it closes (or 3 s pass). */
async function rawExchange(url: string, request: string, options: { waitForClose?: boolean } = {}): Promise<{ text: string; closed: boolean }> {
  const { hostname, port } = new URL(url);
  const socket: Socket = connect(Number(port), hostname);
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  socket.on('error', () => undefined);
  socket.write(request);
  const closed = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => { resolve(false); }, options.waitForClose ? 5_000 : 3_000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  socket.destroy();
  return { text, closed };
}
