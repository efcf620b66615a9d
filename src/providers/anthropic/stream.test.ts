import { describe, expect, it } from 'vitest';
import type { SseEvent } from '../sse.js';
import { SseParser } from '../sse.js';
import { observeAnthropicStream } from './stream.js';

const ev = (event: string, payload: unknown): SseEvent => {
  const text = typeof payload === 'string' ? payload : JSON.stringify({ type: event, ...(payload as object) });
  return { event, data: text, raw: `event: ${event}\ndata: ${text}\n\n` };
};

const messageStart = (usage: Record<string, unknown>) =>
  ev('message_start', {
    message: { id: 'msg_1', type: 'message', role: 'assistant', content: [], model: 'claude-x', usage },
  });

describe('observeAnthropicStream', () => {
  it('merges message_start input usage (incl. cache reads and writes) with message_delta output usage', () => {
    const observer = observeAnthropicStream({ wantText: false, dropUsageChunk: false });
    observer.onEvent(messageStart({ input_tokens: 10, cache_read_input_tokens: 200, cache_creation_input_tokens: 30, output_tokens: 1 }));
    expect(observer.usage()).toEqual({ input: 240, output: 1, cached: 200, reasoning: null, cacheWrite: 30 });
    observer.onEvent(ev('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 57 } }));
    expect(observer.usage()).toEqual({ input: 240, output: 57, cached: 200, reasoning: null, cacheWrite: 30 });
  });

  it('lets a cumulative message_delta usage with input fields replace the start values', () => {
    const observer = observeAnthropicStream({ wantText: false, dropUsageChunk: false });
    observer.onEvent(messageStart({ input_tokens: 10, output_tokens: 1 }));
    observer.onEvent(
      ev('message_delta', { usage: { input_tokens: 10, cache_read_input_tokens: 5, cache_creation_input_tokens: 0, output_tokens: 9 } }),
    );
    expect(observer.usage()).toEqual({ input: 15, output: 9, cached: 5, reasoning: null, cacheWrite: 0 });
  });

  it('keeps earlier usage when an event has no usage or bad JSON', () => {
    const observer = observeAnthropicStream({ wantText: true, dropUsageChunk: false });
    observer.onEvent(messageStart({ input_tokens: 4, output_tokens: 1 }));
    observer.onEvent(ev('message_delta', '{not json'));
    observer.onEvent(ev('message_delta', { delta: {} }));
    expect(observer.usage()).toEqual({ input: 4, output: 1, cached: null, reasoning: null });
  });

  it('yields text, tool input JSON and thinking deltas with the block index', () => {
    const observer = observeAnthropicStream({ wantText: true, dropUsageChunk: false });
    const delta = (index: number, d: Record<string, unknown>) => observer.onEvent(ev('content_block_delta', { index, delta: d }));
    expect(delta(0, { type: 'thinking_delta', thinking: 'hmm' })).toEqual({
      forward: true,
      deltas: [{ channel: 'reasoning', index: 0, text: 'hmm' }],
    });
    expect(delta(1, { type: 'text_delta', text: 'Hello' }).deltas).toEqual([{ channel: 'content', index: 1, text: 'Hello' }]);
    expect(delta(2, { type: 'input_json_delta', partial_json: '{"city":' }).deltas).toEqual([
      { channel: 'tool_arguments', index: 2, text: '{"city":' },
    ]);
    expect(delta(0, { type: 'signature_delta', signature: 'abc' })).toEqual({ forward: true, deltas: [] });
    expect(delta(1, { type: 'text_delta', text: '' }).deltas).toEqual([]);
  });

  it('gives no deltas without wantText', () => {
    const observer = observeAnthropicStream({ wantText: false, dropUsageChunk: false });
    expect(observer.onEvent(ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'x' } }))).toEqual({
      forward: true,
      deltas: [],
    });
  });

  it('forwards every event, including ping, error and unknown ones', () => {
    const observer = observeAnthropicStream({ wantText: true, dropUsageChunk: true });
    for (const name of ['ping', 'content_block_start', 'content_block_stop', 'error', 'something_new']) {
      expect(observer.onEvent(ev(name, {})).forward, name).toBe(true);
    }
    expect(observer.finished).toBe(false);
  });

  it('is finished only after message_stop', () => {
    const observer = observeAnthropicStream({ wantText: true, dropUsageChunk: false });
    observer.onEvent(messageStart({ input_tokens: 1 }));
    observer.onEvent(ev('message_delta', { usage: { output_tokens: 2 } }));
    expect(observer.finished).toBe(false);
    expect(observer.onEvent(ev('message_stop', {}))).toEqual({ forward: true, deltas: [] });
    expect(observer.finished).toBe(true);
  });

  it('reads a whole recorded stream through the SSE parser', () => {
    const events = [
      ev('message_start', { message: { usage: { input_tokens: 12, cache_read_input_tokens: 3, output_tokens: 1 } } }),
      ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
      ev('ping', {}),
      ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: 'Bonjour' } }),
      ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: ' 🌍' } }),
      ev('content_block_stop', { index: 0 }),
      ev('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 6 } }),
      ev('message_stop', {}),
    ];
    const wire = new TextEncoder().encode(events.map((e) => e.raw.replace(/\n/g, '\r\n')).join(''));
    const parser = new SseParser();
    const observer = observeAnthropicStream({ wantText: true, dropUsageChunk: false });
    let text = '';
    for (let i = 0; i < wire.length; i += 7) {
      for (const event of parser.push(wire.subarray(i, i + 7))) {
        for (const d of observer.onEvent(event).deltas) text += d.text;
      }
    }
    expect(parser.end()).toEqual([]);
    expect(text).toBe('Bonjour 🌍');
    expect(observer.finished).toBe(true);
    expect(observer.usage()).toEqual({ input: 15, output: 6, cached: 3, reasoning: null });
  });
});
