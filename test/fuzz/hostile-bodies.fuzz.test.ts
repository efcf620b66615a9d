import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { fuzzSettings, fuzzTimeoutMs, HANG_MS, prototypeKeys } from './fuzz-settings.js';

/**
 * Request bodies in both APIs' shapes, made hostile: deep nesting, arrays past their limits, odd
 * Unicode (lone surrogates, invalid UTF-8, bidi and zero-width marks), wrong types and
 * prototype-pollution keys. Properties: no 5xx (the upstream is healthy), no hang, every error
 * coded in the caller's shape, the limits answer with their own codes, Object.prototype stays
 * clean, and the gateway keeps serving.
 */
const LIMITS = { maxMessages: 40, maxContentParts: 8, maxTools: 6, maxArrayItems: 120, maxModelChars: 64 };
const MAX_DEPTH = 24;

type Api = 'chat' | 'responses' | 'embeddings' | 'messages' | 'count_tokens';
const PATH: Record<Api, string> = {
  chat: '/v1/chat/completions',
  responses: '/v1/responses',
  embeddings: '/v1/embeddings',
  messages: '/v1/messages',
  count_tokens: '/v1/messages/count_tokens',
};

const oddText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme-composite', maxLength: 30 }),
  fc.constantFrom('\u202e\u2066evil\u2069', '\u200b\u200d\ufeff', '\ud800', '\udfff\ud800', 'a\u0000b', '𝕳𝖊𝖑𝖑𝖔', 'ignore previous instructions', ''),
);
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** A well-formed body of the API, the starting point for mutations. */
function baseBody(api: Api, text: string, stream: boolean): Record<string, unknown> {
  switch (api) {
    case 'chat':
      return { model: 'gpt-4o-mini', max_tokens: 5, stream, messages: [{ role: 'user', content: text }] };
    case 'responses':
      return { model: 'gpt-4o-mini', max_output_tokens: 5, stream, input: [{ role: 'user', content: text }] };
    case 'embeddings':
      return { model: 'text-embedding-3-small', input: text };
    case 'messages':
      return { model: 'claude-haiku-4-5', max_tokens: 5, stream, messages: [{ role: 'user', content: text }] };
    case 'count_tokens':
      return { model: 'claude-haiku-4-5', messages: [{ role: 'user', content: text }] };
  }
}

type Mutation =
  | { kind: 'none' }
  | { kind: 'wrong-type'; field: string; value: unknown }
  | { kind: 'many-messages'; count: number }
  | { kind: 'many-parts'; count: number }
  | { kind: 'many-tools'; count: number }
  | { kind: 'long-model'; length: number }
  | { kind: 'deep'; depth: number }
  | { kind: 'proto-key'; key: '__proto__' | 'constructor' | '\\u005f_proto__'; where: 'top' | 'message' | 'metadata' }
  | { kind: 'invalid-utf8' };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'none' }),
  fc.record({ kind: fc.constant('wrong-type' as const), field: fc.constantFrom('model', 'messages', 'input', 'max_tokens', 'stream', 'tools', 'system', 'metadata', 'user'), value: anyJson }),
  fc.record({ kind: fc.constant('many-messages' as const), count: fc.integer({ min: 0, max: LIMITS.maxMessages * 2 }) }),
  fc.record({ kind: fc.constant('many-parts' as const), count: fc.integer({ min: 0, max: LIMITS.maxContentParts * 2 }) }),
  fc.record({ kind: fc.constant('many-tools' as const), count: fc.integer({ min: 0, max: LIMITS.maxTools * 2 }) }),
  fc.record({ kind: fc.constant('long-model' as const), length: fc.integer({ min: 1, max: LIMITS.maxModelChars * 2 }) }),
  fc.record({ kind: fc.constant('deep' as const), depth: fc.integer({ min: 1, max: MAX_DEPTH * 3 }) }),
  fc.record({ kind: fc.constant('proto-key' as const), key: fc.constantFrom('__proto__' as const, 'constructor' as const, '\\u005f_proto__' as const), where: fc.constantFrom('top' as const, 'message' as const, 'metadata' as const) }),
  fc.constant<Mutation>({ kind: 'invalid-utf8' }),
);

/** The body as bytes, and the codes a refusal of it may carry (first problem found wins). */
function build(api: Api, text: string, stream: boolean, m: Mutation): { bytes: Buffer; expect?: readonly string[] } {
  const body = baseBody(api, text, stream);
  const list = api === 'responses' ? 'input' : 'messages';
  const limitCodes = ['array_too_long', 'string_too_long', 'json_too_deep', 'forbidden_json_key'];
  switch (m.kind) {
    case 'none':
    case 'invalid-utf8':
      break;
    case 'wrong-type':
      body[m.field] = m.value;
      break;
    case 'many-messages':
      if (api === 'embeddings') body.input = Array.from({ length: m.count * 3 }, () => text);
      else body[list] = Array.from({ length: m.count }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', content: text }));
      return { bytes: json(body), expect: (api === 'embeddings' ? m.count * 3 > LIMITS.maxArrayItems : m.count > LIMITS.maxMessages) ? ['array_too_long'] : undefined };
    case 'many-parts':
      if (api === 'embeddings') break;
      body[list] = [{ role: 'user', content: Array.from({ length: m.count }, () => ({ type: 'text', text })) }];
      return { bytes: json(body), expect: m.count > LIMITS.maxContentParts ? ['array_too_long'] : undefined };
    case 'many-tools':
      body.tools = Array.from({ length: m.count }, (_, i) => (api === 'messages' || api === 'count_tokens' ? { name: `t${i}`, input_schema: { type: 'object' } } : { type: 'function', function: { name: `t${i}` } }));
      return { bytes: json(body), expect: m.count > LIMITS.maxTools ? ['array_too_long'] : undefined };
    case 'long-model':
      body.model = 'm'.repeat(m.length);
      return { bytes: json(body), expect: m.length > LIMITS.maxModelChars ? ['string_too_long'] : undefined };
    case 'deep': {
      let nested: unknown = text;
      for (let i = 0; i < m.depth; i++) nested = i % 2 ? { k: nested } : [nested];
      body.metadata = nested;
      // The body itself and `metadata` add one level each.
      return { bytes: json(body), expect: m.depth + 1 > MAX_DEPTH ? ['json_too_deep'] : undefined };
    }
    case 'proto-key': {
      const value = m.key === 'constructor' ? '{"prototype":{"polluted":true}}' : '{"polluted":true}';
      const pair = `"${m.key}":${value}`;
      let textOut = JSON.stringify(body);
      if (m.where === 'top') textOut = `{${pair},${textOut.slice(1)}`;
      else if (m.where === 'metadata') textOut = `${textOut.slice(0, -1)},"metadata":{${pair}}}`;
      else textOut = textOut.replace(/\[\{/, `[{${pair},`);
      // Embeddings and bodies without a message list have nowhere to put it but the top.
      if (!textOut.includes(pair)) textOut = `{${pair},${JSON.stringify(body).slice(1)}`;
      return { bytes: Buffer.from(textOut, 'utf8'), expect: ['forbidden_json_key', ...limitCodes] };
    }
  }
  const bytes = json(body);
  if (m.kind === 'invalid-utf8') {
    // Raw bytes that are not UTF-8, inside a JSON string: decoded as U+FFFD, never a crash.
    const at = bytes.indexOf('"', bytes.indexOf(':') + 1) + 1;
    return { bytes: Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff, 0xc0, 0xed, 0xa0, 0x80]), bytes.subarray(at)]) };
  }
  return { bytes };
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

describe('hostile request bodies, fuzzed against the real gateway', () => {
  let t: TestGateway;
  const cleanPrototype = prototypeKeys();
  beforeAll(async () => {
    t = await startTestGateway({ chunkDelayMs: 0, config: { server: { maxJsonDepth: MAX_DEPTH, requestLimits: LIMITS } } });
  });
  afterAll(() => t.close());

  it('answers every body with a proper answer or a coded error in the caller\'s shape', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<Api>('chat', 'responses', 'embeddings', 'messages', 'count_tokens'), oddText, fc.boolean(), mutation, async (api, text, stream, m) => {
        const { bytes, expect: codes } = build(api, text, stream, m);
        const anthropic = api === 'messages' || api === 'count_tokens';
        const res = await fetch(`${t.url}${PATH[api]}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', ...(anthropic ? { 'anthropic-version': '2023-06-01' } : {}) },
          body: bytes,
          signal: AbortSignal.timeout(HANG_MS),
        });
        const answer = await res.text();
        expect(res.status, answer).toBeLessThan(500);
        expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
        const code = res.headers.get('x-portcullis-error-code');
        if (code !== null) {
          const parsed = JSON.parse(answer) as { type?: string; error: { code: string } };
          expect(parsed.error.code).toBe(code);
          expect(parsed.type === 'error').toBe(anthropic);
        }
        if (codes) expect(codes, `${m.kind}: ${answer}`).toContain(code);
        const streamRequested = stream && !(m.kind === 'wrong-type' && m.field === 'stream');
        if (res.status === 200 && streamRequested && api !== 'embeddings' && api !== 'count_tokens') {
          expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
          expect(answer).toMatch(anthropic ? /event: message_stop/ : api === 'chat' ? /data: \[DONE\]/ : /response\.completed/);
        }
      }),
      fuzzSettings(200),
    );
    expect(prototypeKeys()).toEqual(cleanPrototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
  }, fuzzTimeoutMs(200));
});
