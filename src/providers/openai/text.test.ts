import { describe, expect, it } from 'vitest';
import type { TextDelta } from '../../pipeline/types.js';
import { openaiText, pushText } from './text.js';

describe('openaiText: chat completions', () => {
  it('reads content, refusal and tool-call arguments per choice', () => {
    const body = {
      object: 'chat.completion',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Hello', refusal: null }, finish_reason: 'stop' },
        {
          index: 1,
          message: {
            role: 'assistant',
            content: null,
            refusal: 'I cannot',
            tool_calls: [
              { id: 'c1', type: 'function', function: { name: 'a', arguments: '{"x":1}' } },
              { id: 'c2', type: 'function', function: { name: 'b', arguments: '{}' } },
            ],
          },
        },
      ],
    };
    expect(openaiText('chat_completions', body)).toEqual([
      { channel: 'content', index: 0, text: 'Hello' },
      { channel: 'refusal', index: 1, text: 'I cannot' },
      { channel: 'tool_arguments', index: 1, text: '{"x":1}' },
      { channel: 'tool_arguments', index: 1, text: '{}' },
    ]);
  });

  it('uses the choice index when present and the position otherwise', () => {
    const body = { choices: [{ index: 3, message: { content: 'a' } }, { message: { content: 'b' } }] };
    expect(openaiText('chat_completions', body)).toEqual([
      { channel: 'content', index: 3, text: 'a' },
      { channel: 'content', index: 1, text: 'b' },
    ]);
  });

  it('skips empty and non-string content and malformed choices', () => {
    const body = { choices: [{ message: { content: '' } }, { message: { content: 42 } }, null, 'x', { message: null }] };
    expect(openaiText('chat_completions', body)).toEqual([]);
  });
});

describe('openaiText: responses', () => {
  it('reads output_text, refusal and function_call arguments per output item', () => {
    const body = {
      object: 'response',
      output: [
        { type: 'reasoning', id: 'rs_1', summary: [] },
        {
          type: 'message',
          role: 'assistant',
          content: [
            { type: 'output_text', text: 'First', annotations: [] },
            { type: 'output_text', text: 'Second', annotations: [] },
            { type: 'refusal', refusal: 'Nope' },
          ],
        },
        { type: 'function_call', name: 'lookup', call_id: 'c', arguments: '{"q":"x"}' },
      ],
    };
    expect(openaiText('responses', body)).toEqual([
      { channel: 'content', index: 1, text: 'First' },
      { channel: 'content', index: 1, text: 'Second' },
      { channel: 'refusal', index: 1, text: 'Nope' },
      { channel: 'tool_arguments', index: 2, text: '{"q":"x"}' },
    ]);
  });

  it('gives nothing without an output array', () => {
    expect(openaiText('responses', { output: 'text' })).toEqual([]);
  });
});

describe('openaiText: other inputs', () => {
  it('gives no text for endpoints without output text', () => {
    const body = { choices: [{ message: { content: 'x' } }], output: [{ content: [{ type: 'output_text', text: 'y' }] }] };
    expect(openaiText('embeddings', body)).toEqual([]);
    expect(openaiText('models', body)).toEqual([]);
  });

  it.each([undefined, null, 'string', [1, 2], 7])('gives no text for a body of %j', (body) => {
    expect(openaiText('chat_completions', body)).toEqual([]);
  });
});

describe('pushText', () => {
  it('appends non-empty text and skips empty or missing text', () => {
    const out: TextDelta[] = [];
    pushText(out, 'content', 0, 'a');
    pushText(out, 'reasoning', 2, '');
    pushText(out, 'refusal', 1, undefined);
    pushText(out, 'tool_arguments', 4, '{}');
    expect(out).toEqual([
      { channel: 'content', index: 0, text: 'a' },
      { channel: 'tool_arguments', index: 4, text: '{}' },
    ]);
  });
});
