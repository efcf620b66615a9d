import { describe, expect, it } from 'vitest';
import { ROUTES } from '../routes.js';
import type { SseEvent } from '../sse.js';
import { SseParser } from '../sse.js';
import { observeChatStream, observeOpenAIStream, observeResponsesStream } from './stream.js';

const data = (payload: unknown, event?: string): SseEvent => {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return { event, data: text, raw: `${event ? `event: ${event}\n` : ''}data: ${text}\n\n` };
};

const chatChunk = (delta: Record<string, unknown>, index = 0) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  choices: [{ index, delta, finish_reason: null }],
});

const usageChunk = {
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  choices: [],
  usage: {
    prompt_tokens: 20,
    completion_tokens: 7,
    total_tokens: 27,
    prompt_tokens_details: { cached_tokens: 4 },
    completion_tokens_details: { reasoning_tokens: 2 },
  },
};

describe('observeChatStream', () => {
  it('starts unfinished with no usage', () => {
    const observer = observeChatStream({ wantText: true, dropUsageChunk: false });
    expect(observer.finished).toBe(false);
    expect(observer.usage()).toEqual({ input: null, output: null, cached: null, reasoning: null });
  });

  it('parses the usage chunk and drops it when the gateway asked for it', () => {
    const observer = observeChatStream({ wantText: false, dropUsageChunk: true });
    const view = observer.onEvent(data(usageChunk));
    expect(view.forward).toBe(false);
    expect(view.deltas).toEqual([]);
    expect(observer.usage()).toEqual({ input: 20, output: 7, cached: 4, reasoning: 2 });
  });

  it('forwards the usage chunk when the client asked for usage itself', () => {
    const observer = observeChatStream({ wantText: false, dropUsageChunk: false });
    expect(observer.onEvent(data(usageChunk)).forward).toBe(true);
    expect(observer.usage().input).toBe(20);
  });

  it('forwards a chunk with usage that still carries choices, even with dropUsageChunk', () => {
    const observer = observeChatStream({ wantText: true, dropUsageChunk: true });
    const chunk = { ...chatChunk({ content: 'end' }), usage: { prompt_tokens: 3, completion_tokens: 1 } };
    const view = observer.onEvent(data(chunk));
    expect(view.forward).toBe(true);
    expect(view.deltas).toEqual([{ channel: 'content', index: 0, text: 'end' }]);
    expect(observer.usage()).toMatchObject({ input: 3, output: 1 });
  });

  it('finds the usage chunk when the JSON has a space after the colon', () => {
    const observer = observeChatStream({ wantText: false, dropUsageChunk: true });
    const view = observer.onEvent(data(JSON.stringify(usageChunk, null, 1).replace(/\n\s*/g, ' ')));
    expect(view.forward).toBe(false);
    expect(observer.usage().output).toBe(7);
  });

  it('forwards ordinary chunks untouched and does not parse text when no output stage wants it', () => {
    const observer = observeChatStream({ wantText: false, dropUsageChunk: true });
    const view = observer.onEvent(data(chatChunk({ content: 'hello' })));
    expect(view).toEqual({ forward: true, deltas: [] });
  });

  it('ignores "usage": null on every chunk', () => {
    const observer = observeChatStream({ wantText: true, dropUsageChunk: true });
    const view = observer.onEvent(data({ ...chatChunk({ content: 'hi' }), usage: null }));
    expect(view.forward).toBe(true);
    expect(observer.usage().input).toBeNull();
  });

  it('yields content, refusal and tool-call argument deltas with their choice index', () => {
    const observer = observeChatStream({ wantText: true, dropUsageChunk: false });
    expect(observer.onEvent(data(chatChunk({ role: 'assistant', content: '' }))).deltas).toEqual([]);
    expect(observer.onEvent(data(chatChunk({ content: 'Hel' }))).deltas).toEqual([{ channel: 'content', index: 0, text: 'Hel' }]);
    expect(observer.onEvent(data(chatChunk({ refusal: 'no' }, 1))).deltas).toEqual([{ channel: 'refusal', index: 1, text: 'no' }]);
    const toolView = observer.onEvent(
      data(
        chatChunk({
          tool_calls: [
            { index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a":' } },
            { index: 1, function: { arguments: '1}' } },
          ],
        }),
      ),
    );
    expect(toolView.deltas).toEqual([
      { channel: 'tool_arguments', index: 0, text: '{"a":' },
      { channel: 'tool_arguments', index: 0, text: '1}' },
    ]);
    expect(toolView.forward).toBe(true);
  });

  it('reads every choice of a chunk with n > 1', () => {
    const observer = observeChatStream({ wantText: true, dropUsageChunk: false });
    const view = observer.onEvent(
      data({ choices: [{ index: 0, delta: { content: 'a' } }, { index: 1, delta: { content: 'b' } }] }),
    );
    expect(view.deltas).toEqual([
      { channel: 'content', index: 0, text: 'a' },
      { channel: 'content', index: 1, text: 'b' },
    ]);
  });

  it('passes unparseable data through without deltas', () => {
    const observer = observeChatStream({ wantText: true, dropUsageChunk: true });
    expect(observer.onEvent(data('not json {'))).toEqual({ forward: true, deltas: [] });
    expect(observer.onEvent(data('[1,2]'))).toEqual({ forward: true, deltas: [] });
    expect(observer.finished).toBe(false);
  });

  it('sets finished on [DONE] and forwards it', () => {
    const observer = observeChatStream({ wantText: true, dropUsageChunk: true });
    observer.onEvent(data(chatChunk({ content: 'x' })));
    expect(observer.finished).toBe(false);
    expect(observer.onEvent(data('[DONE]'))).toEqual({ forward: true, deltas: [] });
    expect(observer.finished).toBe(true);
  });

  it('reads a whole recorded stream through the SSE parser', () => {
    const stream = [chatChunk({ role: 'assistant', content: '' }), chatChunk({ content: 'Hi' }), chatChunk({ content: ' there' }), usageChunk]
      .map((c) => `data: ${JSON.stringify(c)}\n\n`)
      .join('') + 'data: [DONE]\n\n';
    const parser = new SseParser();
    const observer = observeChatStream({ wantText: true, dropUsageChunk: true });
    const forwarded: string[] = [];
    const text: string[] = [];
    for (const event of parser.push(new TextEncoder().encode(stream))) {
      const view = observer.onEvent(event);
      if (view.forward) forwarded.push(event.data);
      text.push(...view.deltas.map((d) => d.text));
    }
    expect(text.join('')).toBe('Hi there');
    expect(forwarded).toHaveLength(4);
    expect(forwarded.some((d) => d.includes('"usage"'))).toBe(false);
    expect(observer.finished).toBe(true);
    expect(observer.usage()).toEqual({ input: 20, output: 7, cached: 4, reasoning: 2 });
  });
});

describe('observeResponsesStream', () => {
  it('yields output text, function-call argument, refusal and reasoning deltas with the output index', () => {
    const observer = observeResponsesStream({ wantText: true, dropUsageChunk: false });
    const cases = [
      ['response.output_text.delta', 'content'],
      ['response.function_call_arguments.delta', 'tool_arguments'],
      ['response.refusal.delta', 'refusal'],
      ['response.reasoning_summary_text.delta', 'reasoning'],
      ['response.reasoning_text.delta', 'reasoning'],
    ] as const;
    for (const [name, channel] of cases) {
      const view = observer.onEvent(data({ type: name, output_index: 2, content_index: 0, delta: 'piece' }, name));
      expect(view, name).toEqual({ forward: true, deltas: [{ channel, index: 2, text: 'piece' }] });
    }
    expect(observer.finished).toBe(false);
  });

  it('defaults the index to 0 and gives no deltas for other .delta events', () => {
    const observer = observeResponsesStream({ wantText: true, dropUsageChunk: false });
    expect(observer.onEvent(data({ delta: 'x' }, 'response.output_text.delta')).deltas).toEqual([{ channel: 'content', index: 0, text: 'x' }]);
    expect(observer.onEvent(data({ delta: 'AAAA' }, 'response.audio.delta'))).toEqual({ forward: true, deltas: [] });
  });

  it('does not parse deltas without wantText', () => {
    const observer = observeResponsesStream({ wantText: false, dropUsageChunk: false });
    expect(observer.onEvent(data({ output_index: 0, delta: 'x' }, 'response.output_text.delta'))).toEqual({ forward: true, deltas: [] });
  });

  it('forwards non-delta, non-terminal events untouched', () => {
    const observer = observeResponsesStream({ wantText: true, dropUsageChunk: false });
    for (const name of ['response.created', 'response.in_progress', 'response.output_text.done', 'response.output_item.added']) {
      expect(observer.onEvent(data({ type: name }, name))).toEqual({ forward: true, deltas: [] });
    }
    expect(observer.finished).toBe(false);
  });

  it('reads usage (with cached and reasoning tokens) from response.completed and finishes', () => {
    const observer = observeResponsesStream({ wantText: false, dropUsageChunk: false });
    const view = observer.onEvent(
      data(
        {
          type: 'response.completed',
          response: {
            id: 'resp_1',
            status: 'completed',
            usage: {
              input_tokens: 100,
              input_tokens_details: { cached_tokens: 64 },
              output_tokens: 30,
              output_tokens_details: { reasoning_tokens: 12 },
              total_tokens: 130,
            },
          },
        },
        'response.completed',
      ),
    );
    expect(view).toEqual({ forward: true, deltas: [] });
    expect(observer.finished).toBe(true);
    expect(observer.usage()).toEqual({ input: 100, output: 30, cached: 64, reasoning: 12 });
  });

  it.each(['response.incomplete', 'response.failed'])('treats %s as terminal', (name) => {
    const observer = observeResponsesStream({ wantText: true, dropUsageChunk: false });
    observer.onEvent(data({ type: name, response: { usage: { input_tokens: 5, output_tokens: 1 } } }, name));
    expect(observer.finished).toBe(true);
    expect(observer.usage()).toMatchObject({ input: 5, output: 1 });
  });

  it('is not finished by an unparseable terminal event', () => {
    const observer = observeResponsesStream({ wantText: true, dropUsageChunk: false });
    observer.onEvent(data('{oops', 'response.completed'));
    expect(observer.finished).toBe(false);
  });

  it('is not finished by an error event', () => {
    const observer = observeResponsesStream({ wantText: true, dropUsageChunk: false });
    observer.onEvent(data({ type: 'error', code: 'x', message: 'boom' }, 'error'));
    expect(observer.finished).toBe(false);
  });
});

describe('observeOpenAIStream', () => {
  it('picks the Responses observer for the responses endpoint and the Chat observer otherwise', () => {
    const responses = observeOpenAIStream(ROUTES.responses.endpoint, { wantText: false, dropUsageChunk: false });
    responses.onEvent(data({ response: {} }, 'response.completed'));
    expect(responses.finished).toBe(true);

    const chat = observeOpenAIStream(ROUTES.chatCompletions.endpoint, { wantText: false, dropUsageChunk: false });
    chat.onEvent(data({ response: {} }, 'response.completed'));
    expect(chat.finished).toBe(false);
    chat.onEvent(data('[DONE]'));
    expect(chat.finished).toBe(true);
  });
});
