import { describe, expect, it } from 'vitest';
import { anthropicText } from './text.js';

describe('anthropicText', () => {
  it('reads text, tool_use input (as JSON) and thinking per content block', () => {
    const body = {
      type: 'message',
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Let me think', signature: 'sig' },
        { type: 'text', text: 'The weather is' },
        { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris', days: [1, 2] } },
        { type: 'redacted_thinking', data: 'opaque' },
      ],
    };
    expect(anthropicText(body)).toEqual([
      { channel: 'reasoning', index: 0, text: 'Let me think' },
      { channel: 'content', index: 1, text: 'The weather is' },
      { channel: 'tool_arguments', index: 2, text: '{"city":"Paris","days":[1,2]}' },
    ]);
  });

  it('renders a tool_use without input as an empty object', () => {
    expect(anthropicText({ content: [{ type: 'tool_use', id: 't', name: 'n' }] })).toEqual([
      { channel: 'tool_arguments', index: 0, text: '{}' },
    ]);
  });

  it('keeps block positions as indexes when some blocks carry no text', () => {
    const body = { content: [{ type: 'text', text: '' }, { type: 'image' }, null, { type: 'text', text: 'last' }] };
    expect(anthropicText(body)).toEqual([{ channel: 'content', index: 3, text: 'last' }]);
  });

  it.each([undefined, null, 'x', { content: 'plain string' }, { content: null }])('gives no text for %j', (body) => {
    expect(anthropicText(body)).toEqual([]);
  });
});
