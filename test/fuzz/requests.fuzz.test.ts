import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

/**
 * Hostile input, generated: whatever body, content type and headers arrive, the gateway answers
 * with a coded error or a proper answer — never a 500, never a hang, never a crash — and keeps
 * serving. Fixed seed and a bounded count in CI; FUZZ_RUNS=N for a longer run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const PATHS = ['/v1/chat/completions', '/v1/responses', '/v1/embeddings', '/v1/messages', '/v1/messages/count_tokens', '/v1/models', '/v1/unknown'];

const jsonish = fc.oneof(
  fc.json({ depthSize: 'medium' }),
  fc.record({
    model: fc.oneof(fc.constantFrom('gpt-4o-mini', 'claude-haiku-4-5', ''), fc.string(), fc.integer()),
    messages: fc.oneof(
      fc.array(fc.record({ role: fc.constantFrom('user', 'system', 'assistant', 'tool', 'developer', 'x'), content: fc.oneof(fc.string(), fc.json(), fc.array(fc.json())) }), { maxLength: 5 }),
      fc.json(),
    ),
    stream: fc.oneof(fc.boolean(), fc.json()),
    max_tokens: fc.oneof(fc.integer(), fc.double(), fc.string()),
    max_completion_tokens: fc.oneof(fc.integer(), fc.constant(undefined)),
    input: fc.oneof(fc.string(), fc.json()),
    metadata: fc.json(),
    user: fc.oneof(fc.string(), fc.json()),
  }).map((v) => JSON.stringify(v)),
  fc.string(),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

describe('fuzzed requests', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ chunkDelayMs: 0 });
  });
  afterAll(() => t.close());

  it('never answer 5xx from the gateway itself, never hang, and the gateway keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PATHS),
        fc.constantFrom('POST', 'GET', 'PUT'),
        jsonish,
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', ''),
        fc.constantFrom('bearer', 'x-api-key', 'none', 'garbage'),
        fc.dictionary(fc.constantFrom('x-portcullis-user', 'anthropic-version', 'anthropic-beta', 'openai-beta', 'x-forwarded-for'), fc.string({ maxLength: 300 }).filter((v) => /^[\x20-\x7e]*$/.test(v))),
        async (path, method, body, contentType, auth, extra) => {
          const headers: Record<string, string> = { ...extra };
          if (contentType) headers['content-type'] = contentType;
          if (auth === 'bearer') headers.authorization = `Bearer ${t.key}`;
          if (auth === 'x-api-key') headers['x-api-key'] = t.key;
          if (auth === 'garbage') headers.authorization = 'Bearer \u00ff\u00fe';
          const res = await fetch(`${t.url}${path}`, {
            method,
            headers,
            body: method === 'GET' ? undefined : body,
            signal: AbortSignal.timeout(5_000),
          }).catch((err: unknown) => err as Error);
          if (res instanceof Error) {
            // Only a header the fetch client itself refuses is acceptable here.
            expect(res.name).not.toBe('TimeoutError');
            return;
          }
          const text = await res.text();
          expect(res.status, text).toBeLessThan(500);
          expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
          if (res.status >= 400) expect(res.headers.get('x-portcullis-error-code') ?? JSON.parse(text)).toBeTruthy();
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
