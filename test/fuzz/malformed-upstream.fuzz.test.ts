import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);

/** An upstream that streams garbage: the client gets a well-formed end, the gateway keeps serving. */
describe('malformed upstream streams, fuzzed', () => {
  let t: TestGateway;
  let nextEvents: string[] = [];
  beforeAll(async () => {
    t = await startTestGateway({ chunkDelayMs: 0, behavior: (r) => (r.body?.stream === true ? { kind: 'raw-events', events: nextEvents } : undefined) });
  });
  afterAll(() => t.close());

  it('ends every stream with the provider\'s terminal or error event', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.string({ maxLength: 200 }), fc.constant('data: [DONE]\n\n'), fc.constant('event: message_stop\ndata: {}\n\n'), fc.json().map((j) => `data: ${j}\n\n`)), { maxLength: 12 }),
        fc.constantFrom('openai', 'anthropic'),
        async (events, api) => {
          nextEvents = events;
          const res = await fetch(`${t.url}${api === 'openai' ? '/v1/chat/completions' : '/v1/messages'}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
            body: JSON.stringify({ model: api === 'openai' ? 'gpt-4o-mini' : 'claude-haiku-4-5', max_tokens: 5, stream: true, messages: [{ role: 'user', content: 'x' }] }),
            signal: AbortSignal.timeout(5_000),
          });
          const text = await res.text();
          expect(res.status).toBe(200);
          const finished = api === 'openai' ? text.includes('data: [DONE]') : text.includes('event: message_stop');
          // Either the provider's own end arrived, or the gateway ended the stream with an error event.
          expect(finished || /(^|\n)(event: error\n)?data: \{"(type":"error|error)/.test(text)).toBe(true);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });
});
