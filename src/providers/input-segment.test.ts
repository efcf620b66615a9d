import { describe, expect, it } from 'vitest';
import { inputSegments } from './input-segment.js';
import { ROUTES } from './routes.js';

const summary = (segments: ReturnType<typeof inputSegments>): string[] => segments.map((s) => `${s.role} ${s.path} ${s.text}`);

describe('request text extraction for the guard', () => {
  it('reads chat messages, content parts, tool results and tool-call arguments', () => {
    const body = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'sys' },
        { role: 'developer', content: [{ type: 'text', text: 'dev' }] },
        { role: 'user', content: [{ type: 'text', text: 'hello' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AA' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"q":1}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'tool said' },
        { role: 'function', name: 'f', content: 'legacy fn' },
        { role: 'mystery', content: 'who' },
      ],
    };
    expect(summary(inputSegments(ROUTES.chatCompletions, body))).toEqual([
      'system messages[0].content sys',
      'developer messages[1].content[0] dev',
      'user messages[2].content[0] hello',
      'assistant messages[3].tool_calls[0].function.arguments {"q":1}',
      'tool messages[4].content tool said',
      'tool messages[5].content legacy fn',
      // An unknown role counts as the least trusted one.
      'user messages[6].content who',
    ]);
  });

  it('reads Responses instructions, string input and input items', () => {
    expect(summary(inputSegments(ROUTES.responses, { model: 'm', instructions: 'be nice', input: 'hi' }))).toEqual([
      'developer instructions be nice',
      'user input hi',
    ]);
    const body = {
      model: 'm',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'question' }, { type: 'input_image', image_url: 'x' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'answer' }] },
        { type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c', output: 'fetched page text' },
        { type: 'function_call_output', call_id: 'd', output: [{ type: 'input_text', text: 'part output' }] },
        { type: 'item_reference', id: 'x' },
      ],
    };
    expect(summary(inputSegments(ROUTES.responses, body))).toEqual([
      'user input[0].content[0] question',
      'assistant input[1].content[0] answer',
      'assistant input[2].arguments {}',
      'tool input[3].output fetched page text',
      'tool input[4].output[0] part output',
    ]);
  });

  it('reads Anthropic system, text blocks, tool results, documents and search results', () => {
    const body = {
      model: 'claude',
      system: [{ type: 'text', text: 'sys block' }],
      messages: [
        { role: 'user', content: 'plain' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'let me look' },
            { type: 'tool_use', id: 't', name: 'search', input: { q: 'x' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'result text' }] },
            { type: 'tool_result', tool_use_id: 'u', content: 'result string' },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'doc body' }, context: 'doc context' },
            { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'chunk' }] } },
            { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' } },
            { type: 'search_result', source: 'https://x', title: 't', content: [{ type: 'text', text: 'found' }] },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AA' } },
          ],
        },
      ],
    };
    expect(summary(inputSegments(ROUTES.messages, body))).toEqual([
      'system system[0] sys block',
      'user messages[0].content plain',
      'assistant messages[1].content[0] let me look',
      'assistant messages[1].content[1].input {"q":"x"}',
      'tool messages[2].content[0].content[0] result text',
      'tool messages[2].content[1].content result string',
      'document messages[2].content[2].source.data doc body',
      'document messages[2].content[2].context doc context',
      'document messages[2].content[3].source.content[0] chunk',
      'document messages[2].content[5].content[0] found',
    ]);
    expect(summary(inputSegments(ROUTES.messages, { system: 'sys string', messages: [] }))).toEqual(['system system sys string']);
  });

  it('finds no prompt on endpoints that do not generate', () => {
    expect(inputSegments(ROUTES.embeddings, { input: 'text' })).toEqual([]);
    expect(inputSegments(ROUTES.countTokens, { messages: [{ role: 'user', content: 'x' }] })).toEqual([]);
  });

  it('ignores malformed shapes instead of throwing', () => {
    expect(inputSegments(ROUTES.chatCompletions, { messages: 'nope' })).toEqual([]);
    expect(inputSegments(ROUTES.chatCompletions, { messages: [null, 3, { role: 'user', content: 5 }] })).toEqual([]);
    expect(inputSegments(ROUTES.messages, { messages: [{ role: 'user', content: [null, { type: 'text', text: 7 }] }] })).toEqual([]);
  });
});
