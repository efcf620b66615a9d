import type { ServerResponse } from 'node:http';
import { sendJson, startFakeServer, type FakeServer } from './http.js';

/**
 * An OpenAI-compatible upstream that accepts only the provider keys currently in `accepted`
 * (a key revoked at the provider is removed from it): chat completions, whole or streamed. It
 * answers a refused key as OpenAI does, 401 `invalid_api_key`.
 */
export interface KeyedUpstream extends FakeServer {
  readonly accepted: Set<string>;
  /** Every key presented, in order, with the answer's status. */
  readonly seen: { key: string; status: number }[];
}

export async function startKeyedUpstream(): Promise<KeyedUpstream> {
  const accepted = new Set<string>();
  const seen: KeyedUpstream['seen'] = [];
  const server = await startFakeServer((req, body, res) => {
    const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!accepted.has(key)) {
      seen.push({ key, status: 401 });
      sendJson(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key', param: null } });
      return;
    }
    seen.push({ key, status: 200 });
    const request = JSON.parse(body || '{}') as { model?: string; stream?: boolean };
    const model = request.model ?? 'gpt-4o-mini';
    if (request.stream) {
      stream(res, model);
      return;
    }
    sendJson(res, 200, {
      id: 'chatcmpl-keyed',
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
    });
  });
  return { url: server.url, port: server.port, close: () => server.close(), accepted, seen };
}

function stream(res: ServerResponse, model: string): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (delta: Record<string, unknown>, finish: string | null, usage?: unknown): string =>
    `data: ${JSON.stringify({ id: 'chatcmpl-keyed', object: 'chat.completion.chunk', created: 1, model, choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;
  res.write(chunk({ role: 'assistant', content: '' }, null));
  res.write(chunk({ content: 'ok' }, null));
  res.write(chunk({}, 'stop'));
  res.write(chunk({}, null, { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 }));
  res.end('data: [DONE]\n\n');
}
