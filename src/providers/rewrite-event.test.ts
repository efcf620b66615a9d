import { describe, expect, it } from 'vitest';
import { rewriteBody, rewriteEvent } from './rewrite-event.js';
import { ROUTES } from './routes.js';
import type { SseEvent } from './sse.js';

const event = (name: string | undefined, data: unknown): SseEvent => {
  const json = JSON.stringify(data);
  return { event: name, data: json, raw: `${name === undefined ? '' : `event: ${name}\n`}data: ${json}\n\n` };
};
const dataOf = (raw: string): unknown => JSON.parse(raw.slice(raw.indexOf('data: ') + 6));

describe('writing redacted text back into provider events', () => {
  it('leaves an event untouched when nothing in it changed', () => {
    const e = event(undefined, { choices: [{ index: 0, delta: { content: 'hi' } }] });
    expect(rewriteEvent(ROUTES.chatCompletions, e, undefined, undefined)).toBe(e.raw);
  });

  it('replaces chat deltas in reading order: content, refusal, tool arguments', () => {
    const e = event(undefined, {
      choices: [{ index: 0, delta: { content: 'a', tool_calls: [{ index: 0, function: { arguments: 'b' } }, { index: 1, function: { arguments: '' } }] } }],
    });
    const out = dataOf(rewriteEvent(ROUTES.chatCompletions, e, ['A', 'B'], undefined)) as { choices: { delta: { content: string; tool_calls: { function: { arguments: string } }[] } }[] };
    expect(out.choices[0]?.delta.content).toBe('A');
    expect(out.choices[0]?.delta.tool_calls.map((c) => c.function.arguments)).toEqual(['B', '']);
  });

  it('replaces Anthropic text and tool-input deltas, keeping the event name', () => {
    const text = rewriteEvent(ROUTES.messages, event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x' } }), ['X'], undefined);
    expect(text.startsWith('event: content_block_delta\n')).toBe(true);
    expect(dataOf(text)).toMatchObject({ delta: { text: 'X' } });
    const json = rewriteEvent(ROUTES.messages, event('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: '{"k":' } }), ['{"K":'], undefined);
    expect(dataOf(json)).toMatchObject({ delta: { partial_json: '{"K":' } });
  });

  it('replaces Responses deltas and the summary events with what the client was sent', () => {
    const delta = rewriteEvent(ROUTES.responses, event('response.output_text.delta', { output_index: 0, delta: 'sec' }), ['[R]'], undefined);
    expect(dataOf(delta)).toMatchObject({ delta: '[R]' });
    const sent = (channel: string, index: number): string | undefined => (channel === 'content' && index === 0 ? 'the [R] text' : undefined);
    const done = rewriteEvent(ROUTES.responses, event('response.output_text.done', { output_index: 0, text: 'the secret text' }), undefined, sent);
    expect(dataOf(done)).toMatchObject({ text: 'the [R] text' });
    const completed = rewriteEvent(
      ROUTES.responses,
      event('response.completed', { response: { output: [{ type: 'message', content: [{ type: 'output_text', text: 'the secret text' }] }] } }),
      undefined,
      sent,
    );
    expect(dataOf(completed)).toMatchObject({ response: { output: [{ content: [{ text: 'the [R] text' }] }] } });
    // An event that repeats no text stays byte for byte.
    const created = event('response.created', { response: { output: [] } });
    expect(rewriteEvent(ROUTES.responses, created, undefined, sent)).toBe(created.raw);
  });

  it('rewrites whole bodies in the order their texts were read', () => {
    const chat = { choices: [{ index: 0, message: { content: 'one', refusal: null, tool_calls: [{ function: { arguments: 'two' } }] } }] };
    rewriteBody(ROUTES.chatCompletions, chat, ['ONE', 'TWO']);
    expect(chat.choices[0]?.message).toMatchObject({ content: 'ONE', tool_calls: [{ function: { arguments: 'TWO' } }] });

    const responses = { output: [{ type: 'message', content: [{ type: 'output_text', text: 'a' }] }, { type: 'function_call', arguments: '{}' }], output_text: 'a' };
    rewriteBody(ROUTES.responses, responses, ['A', '{"x":1}']);
    expect(responses).toMatchObject({ output: [{ content: [{ text: 'A' }] }, { arguments: '{"x":1}' }], output_text: 'A' });

    const claude = {
      content: [
        { type: 'thinking', thinking: 'hmm' },
        { type: 'text', text: 'b' },
        { type: 'tool_use', input: { q: 'secret' } },
      ],
    };
    rewriteBody(ROUTES.messages, claude, ['hmm', 'B', '{"q":"[R]"}']);
    expect(claude.content).toEqual([
      { type: 'thinking', thinking: 'hmm' },
      { type: 'text', text: 'B' },
      { type: 'tool_use', input: { q: '[R]' } },
    ]);
  });
});
