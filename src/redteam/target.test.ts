import { describe, expect, it } from 'vitest';
import { buildRequest, GUARD_CODES, parseRetryAfter, readResponse, type TargetConfig } from './target.js';

const BASE: TargetConfig = { url: 'http://127.0.0.1:9/v1', key: 'pcl_dev_k3y', api: 'openai', model: 'gpt-4o-mini', stream: false, maxTokens: 64, blockCodes: new Set(GUARD_CODES) };

function sse(events: string[]): Response {
  return new Response(events.join(''), { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

describe('building requests', () => {
  it('writes tool results and documents in each API shape, with the key only in a header', () => {
    const turns = [
      { role: 'document', title: 'notes', content: 'doc text' },
      { role: 'user', content: 'hi' },
      { role: 'tool', name: 'fetch_url', arguments: { url: 'https://x.test' }, content: 'page text' },
    ] as const;
    const openai = buildRequest(BASE, 'sys', turns);
    expect(openai.url).toBe('http://127.0.0.1:9/v1/chat/completions');
    expect(openai.headers.authorization).toBe('Bearer pcl_dev_k3y');
    expect(openai.body).not.toContain('pcl_dev_k3y');
    const body = JSON.parse(openai.body);
    expect(body.messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user', 'user', 'assistant', 'tool']);
    expect(body.messages[3].tool_calls[0].id).toBe(body.messages[4].tool_call_id);
    expect(body.tools[0].function.name).toBe('fetch_url');

    const anthropic = buildRequest({ ...BASE, api: 'anthropic', url: 'http://127.0.0.1:9' }, 'sys', turns);
    expect(anthropic.url).toBe('http://127.0.0.1:9/v1/messages');
    expect(anthropic.headers['x-api-key']).toBe('pcl_dev_k3y');
    const a = JSON.parse(anthropic.body);
    expect(a.system).toBe('sys');
    expect(a.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(a.messages[0].content.map((b: { type: string }) => b.type)).toEqual(['document', 'text']);
    expect(a.messages[2].content[0].type).toBe('tool_result');
  });

  it('fills a request template for an arbitrary application', () => {
    const template = { url: '/api/chat', method: 'POST' as const, headers: { 'x-token': '{{key}}' }, body: { q: '{{prompt}}', sys: '{{system}}', history: '{{messages}}' }, output: 'answer.text' };
    const request = buildRequest({ ...BASE, url: 'http://app.test', template }, 'S', [{ role: 'user', content: 'hello "there"' }]);
    expect(request.url).toBe('http://app.test/api/chat');
    expect(request.headers['x-token']).toBe('pcl_dev_k3y');
    expect(JSON.parse(request.body)).toEqual({ q: 'hello "there"', sys: 'S', history: [{ role: 'user', content: 'hello "there"' }] });
  });
});

describe('reading answers', () => {
  it('takes a coded gateway refusal as blocked, by header or body code', async () => {
    const res = new Response(JSON.stringify({ error: { message: 'x', type: 'invalid_request_error', code: 'prompt_injection_detected' } }), { status: 400, headers: { 'x-portcullis-error-code': 'prompt_injection_detected' } });
    expect((await readResponse(res, BASE)).answer).toEqual({ kind: 'blocked', code: 'prompt_injection_detected', status: 400, inStream: false });
    const anth = new Response(JSON.stringify({ type: 'error', error: { type: 'permission_error', message: 'x', code: 'system_prompt_leak' } }), { status: 403 });
    expect((await readResponse(anth, { ...BASE, api: 'anthropic' })).answer).toMatchObject({ kind: 'blocked', code: 'system_prompt_leak' });
  });

  it('takes an error event that cuts a stream as blocked, in both API shapes', async () => {
    const openai = sse(['data: {"choices":[{"index":0,"delta":{"content":"Of course. My"}}]}\n\n', 'data: {"error":{"message":"m","type":"permission_error","code":"system_prompt_leak"}}\n\n']);
    expect((await readResponse(openai, { ...BASE, stream: true })).answer).toEqual({ kind: 'blocked', code: 'system_prompt_leak', status: 200, inStream: true });
    const anthropic = sse(['event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}\n\n', 'event: error\ndata: {"type":"error","error":{"type":"permission_error","message":"m","code":"output_blocked"}}\n\n']);
    expect((await readResponse(anthropic, { ...BASE, api: 'anthropic', stream: true })).answer).toMatchObject({ kind: 'blocked', code: 'output_blocked', inStream: true });
  });

  it('joins streamed text, and reads non-streamed text', async () => {
    const openai = sse(['data: {"choices":[{"index":0,"delta":{"content":"RT-"}}]}\n\n', 'data: {"choices":[{"index":0,"delta":{"content":"ABCD"}}]}\n\n', 'data: [DONE]\n\n']);
    expect((await readResponse(openai, BASE)).answer).toEqual({ kind: 'output', text: 'RT-ABCD', status: 200 });
    const json = new Response(JSON.stringify({ content: [{ type: 'text', text: 'hello' }] }), { status: 200, headers: { 'content-type': 'application/json' } });
    expect((await readResponse(json, { ...BASE, api: 'anthropic' })).answer).toEqual({ kind: 'output', text: 'hello', status: 200 });
  });

  it('asks for a retry on 429 with the Retry-After delay, and not on other client errors', async () => {
    const limited = await readResponse(new Response('{}', { status: 429, headers: { 'retry-after': '3' } }), BASE);
    expect(limited.retry).toEqual({ retryAfterMs: 3000 });
    const auth = await readResponse(new Response(JSON.stringify({ error: { code: 'invalid_api_key' } }), { status: 401 }), BASE);
    expect(auth.retry).toBeUndefined();
    expect(auth.answer).toEqual({ kind: 'error', message: 'HTTP 401 (invalid_api_key)', status: 401 });
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('0')).toBe(0);
    expect(parseRetryAfter('12')).toBe(12_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('redirects', () => {
  it('reports a redirect as an error instead of following it', async () => {
    const res = new Response(null, { status: 302, headers: { location: 'https://elsewhere.test/' } });
    expect((await readResponse(res, BASE)).answer).toEqual({ kind: 'error', message: 'HTTP 302 (redirect not followed)', status: 302 });
  });
});
