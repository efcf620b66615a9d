import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASS, type OutputStage, type TextDelta } from '../../src/pipeline/types.js';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';

/**
 * The output-stage hook: stages see the text of streamed and whole responses as it passes, and
 * a cut ends the stream with the provider's own terminal error event.
 */
describe('output stages on streamed and whole responses', () => {
  let t: TestGateway;
  const seen: TextDelta[][] = [];

  // Cuts when the running text contains the word "forbidden" (split across deltas on purpose).
  const cutter: OutputStage = {
    name: 'test-cutter',
    open(ctx) {
      if (ctx.route.endpoint === 'embeddings') return undefined;
      const deltas: TextDelta[] = [];
      seen.push(deltas);
      let text = '';
      return {
        onText(delta) {
          deltas.push(delta);
          text += delta.text;
          return text.includes('forbidden') ? { type: 'cut', code: 'output_blocked', message: 'The response was blocked by policy.' } : PASS;
        },
        onEnd: () => PASS,
      };
    },
  };

  beforeAll(async () => {
    t = await startTestGateway({ outputStages: [cutter] });
  });
  afterAll(() => t.close());

  it('sees every delta of a stream, with channel and index', async () => {
    const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'fine words' }] })) {
      text += chunk.choices[0]?.delta.content ?? '';
    }
    const deltas = seen.at(-1)!;
    expect(deltas.map((d) => d.text).join('')).toBe(text);
    expect(deltas.every((d) => d.channel === 'content' && d.index === 0)).toBe(true);
  });

  it('cuts an OpenAI stream with an error event the SDK raises, and audits the cut', async () => {
    const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
    let text = '';
    const error = await (async () => {
      for await (const chunk of await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'say forbidden things' }] })) {
        text += chunk.choices[0]?.delta.content ?? '';
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('output_blocked');
    expect(text).not.toContain('forbidden');
    const event = (await auditEvents(t)).find((e) => e.decision === 'cut');
    expect(event?.errorCode).toBe('output_blocked');
    expect(event?.stages.find((s) => s.stage === 'test-cutter')).toMatchObject({ stage: 'test-cutter', decision: 'cut', code: 'output_blocked' });
  });

  it('cuts an Anthropic stream with Anthropic\'s error event', async () => {
    const client = new Anthropic({ baseURL: t.url, apiKey: t.key, maxRetries: 0 });
    const error = await client.messages
      .stream({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'forbidden' }] })
      .finalMessage()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as Error).message).toContain('blocked by policy');
  });

  it('blocks a whole (non-streamed) response with a coded error', async () => {
    const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
    await expect(client.responses.create({ model: 'gpt-4o-mini', input: 'forbidden' })).rejects.toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it('records a stage that does not apply as skipped, never as passed', async () => {
    const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
    await client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' });
    const event = (await auditEvents(t)).find((e) => e.endpoint === 'POST /v1/embeddings');
    expect(event?.stages.find((s) => s.stage === 'test-cutter')).toMatchObject({ stage: 'test-cutter', decision: 'skipped' });
  });
});

describe('a cut decided at the end of the stream', () => {
  it('reaches the client before the provider\'s final event (regression: [DONE] went first)', async () => {
    const endCutter: OutputStage = {
      name: 'end-cutter',
      open: () => ({ onText: () => PASS, onEnd: () => ({ type: 'cut', code: 'output_blocked', message: 'blocked at the end' }) }),
    };
    const t = await startTestGateway({ outputStages: [endCutter] });
    try {
      const client = new OpenAI({ baseURL: `${t.url}/v1`, apiKey: t.key, maxRetries: 0 });
      const error = await (async () => {
        for await (const _chunk of await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'x' }] })) {
          /* drain */
        }
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      const anthropic = new Anthropic({ baseURL: t.url, apiKey: t.key, maxRetries: 0 });
      const stream = anthropic.messages.stream({ model: 'claude-haiku-4-5', max_tokens: 9, messages: [{ role: 'user', content: 'x' }] });
      await expect(stream.finalMessage()).rejects.toBeInstanceOf(Anthropic.APIError);
    } finally {
      await t.close();
    }
  });
});
