import { readFileSync } from 'node:fs';
import { countTokens as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../providers/routes.js';
import { countInputTokens } from './index.js';
import { dataUrl, jpegHeader, plainPdf, pngHeader, wavFile } from './test-media.js';

interface OpenAIFixtures {
  exact: { name: string; request: Record<string, unknown>; prompt_tokens: Record<string, number> }[];
  atLeast: { name: string; request: Record<string, unknown>; prompt_tokens: Record<string, number> }[];
}
const fixtures = JSON.parse(readFileSync(new URL('./openai-count-fixtures.json', import.meta.url), 'utf8')) as OpenAIFixtures;

const chat = (body: Record<string, unknown>) => countInputTokens(ROUTES.chatCompletions, body);
const responses = (body: Record<string, unknown>) => countInputTokens(ROUTES.responses, body);
const embeddings = (body: Record<string, unknown>) => countInputTokens(ROUTES.embeddings, body);
const t = (text: string) => o200k(text, { disallowedSpecial: new Set() });

describe('chat completions: recorded API results', () => {
  for (const fixture of fixtures.exact) {
    for (const [model, recorded] of Object.entries(fixture.prompt_tokens)) {
      it(`${fixture.name}: ${model} counts exactly ${recorded}`, () => {
        expect(chat({ ...fixture.request, model }).tokens).toBe(recorded);
      });
    }
  }
  for (const fixture of fixtures.atLeast) {
    for (const [model, recorded] of Object.entries(fixture.prompt_tokens)) {
      it(`${fixture.name}: ${model} counts at least ${recorded} (tools are estimated high)`, () => {
        const { tokens } = chat({ ...fixture.request, model });
        expect(tokens).toBeGreaterThanOrEqual(recorded);
        expect(tokens).toBeLessThan(recorded * 1.6);
      });
    }
  }
});

describe('chat completions: the counting recipe', () => {
  it('charges 3 per message, the role, the content, name + 1, and 3 for the reply', () => {
    const body = {
      model: 'gpt-4o',
      messages: [
        { role: 'developer', content: 'Answer tersely.' },
        { role: 'user', name: 'alice', content: 'What is 2 + 2?' },
        { role: 'assistant', content: '4' },
      ],
    };
    const expected = 3 + t('developer') + t('Answer tersely.') + (3 + t('user') + t('alice') + 1 + t('What is 2 + 2?')) + (3 + t('assistant') + t('4')) + 3;
    expect(chat(body)).toEqual({ tokens: expected, method: 'o200k_base', assumptions: [] });
  });

  it('uses cl100k_base for gpt-4 and gpt-3.5', () => {
    const body = { model: 'gpt-4-0613', messages: [{ role: 'user', content: '日本語のテキスト' }] };
    const result = chat(body);
    expect(result.method).toBe('cl100k_base');
    expect(result.tokens).toBe(3 + cl100k('user') + cl100k('日本語のテキスト') + 3);
  });

  it('counts text content parts', () => {
    const parts = { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }, { type: 'text', text: ' world' }] }] };
    expect(chat(parts).tokens).toBe(3 + t('user') + t('Hello') + t(' world') + 3);
  });

  it('charges tool calls and tool results', () => {
    const base = { model: 'gpt-4o', messages: [{ role: 'user', content: 'weather?' }] };
    const withCalls = {
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp": 21}' },
      ],
    };
    const extra = chat(withCalls).tokens - chat(base).tokens;
    expect(extra).toBeGreaterThanOrEqual(t('get_weather') + t('{"city":"Paris"}') + t('{"temp": 21}') + 2 * 3);
  });

  it('charges tool definitions, legacy functions and JSON schemas above their text', () => {
    const base = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] };
    const fn = { name: 'lookup', description: 'Look a word up', parameters: { type: 'object', properties: { word: { type: 'string' } } } };
    const withTools = chat({ ...base, tools: [{ type: 'function', function: fn }] }).tokens - chat(base).tokens;
    const withFunctions = chat({ ...base, functions: [fn] }).tokens - chat(base).tokens;
    expect(withTools).toBeGreaterThan(t(JSON.stringify(fn)));
    expect(withFunctions).toBeGreaterThan(t(JSON.stringify(fn)));
    const schema = { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: { a: { type: 'string' } } } } };
    expect(chat({ ...base, response_format: schema }).tokens - chat(base).tokens).toBeGreaterThan(t(JSON.stringify(schema.json_schema)));
    expect(chat({ ...base, response_format: { type: 'json_object' } }).tokens).toBe(chat(base).tokens);
  });
});

describe('chat completions: images, audio and files', () => {
  const withPart = (model: string, part: unknown) => chat({ model, messages: [{ role: 'user', content: [part] }] });
  const textOnly = (model: string) => chat({ model, messages: [{ role: 'user', content: [] }] }).tokens;

  it('sizes data-URL images from their header', () => {
    const part = { type: 'image_url', image_url: { url: dataUrl('image/png', pngHeader(1024, 1024)), detail: 'high' } };
    const result = withPart('gpt-4o', part);
    expect(result.tokens - textOnly('gpt-4o')).toBe(765);
    expect(result.assumptions).toEqual([]);
  });

  it('charges the worst case for image URLs and says so', () => {
    const result = withPart('gpt-4o', { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } });
    expect(result.tokens - textOnly('gpt-4o')).toBe(1445);
    expect(result.assumptions.join()).toMatch(/image by URL/);
  });

  it('charges low-detail images their base whatever their size, without an assumption', () => {
    const result = withPart('gpt-4o', { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'low' } });
    expect(result.tokens - textOnly('gpt-4o')).toBe(85);
    expect(result.assumptions).toEqual([]);
  });

  it('applies the model image rule (gpt-4o-mini, patch models)', () => {
    const url = dataUrl('image/jpeg', jpegHeader(1024, 1024));
    expect(withPart('gpt-4o-mini', { type: 'image_url', image_url: { url } }).tokens - textOnly('gpt-4o-mini')).toBe(2833 + 4 * 5667);
    expect(withPart('gpt-4.1-mini', { type: 'image_url', image_url: { url } }).tokens - textOnly('gpt-4.1-mini')).toBe(Math.ceil(1024 * 1.62));
  });

  it('charges unreadable image data at the worst case', () => {
    const result = withPart('gpt-4o', { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } });
    expect(result.tokens - textOnly('gpt-4o')).toBe(1445);
    expect(result.assumptions.join()).toMatch(/unreadable size/);
  });

  it('charges audio by its duration', () => {
    const part = { type: 'input_audio', input_audio: { data: wavFile(3).toString('base64'), format: 'wav' } };
    const extra = withPart('gpt-4o-audio-preview', part).tokens - textOnly('gpt-4o-audio-preview');
    expect(extra).toBeGreaterThanOrEqual(60);
    expect(extra).toBeLessThanOrEqual(61);
  });

  it('charges PDF files per page (text + page image)', () => {
    const part = { type: 'file', file: { filename: 'a.pdf', file_data: dataUrl('application/pdf', plainPdf(2)) } };
    expect(withPart('gpt-4o', part).tokens - textOnly('gpt-4o')).toBe(2 * (3000 + 1445));
  });

  it('counts text files as text', () => {
    const part = { type: 'file', file: { filename: 'notes.txt', file_data: dataUrl('text/plain', Buffer.from('hello notes')) } };
    expect(withPart('gpt-4o', part).tokens - textOnly('gpt-4o')).toBe(t('hello notes'));
  });

  it('charges files by id as unknown documents, configurable', () => {
    const part = { type: 'file', file: { file_id: 'file-abc' } };
    const result = withPart('gpt-4o', part);
    expect(result.tokens - textOnly('gpt-4o')).toBe(100 * (3000 + 1445));
    expect(result.assumptions.join()).toMatch(/file by id/);
    const custom = countInputTokens(ROUTES.chatCompletions, { model: 'gpt-4o', messages: [{ role: 'user', content: [part] }] }, { unknownDocumentTokens: 5000 });
    expect(custom.tokens - textOnly('gpt-4o')).toBe(5000);
  });
});

describe('responses', () => {
  it('counts a string input like one user message, with instructions as a developer message', () => {
    const result = responses({ model: 'gpt-5', instructions: 'Be brief.', input: 'Hello there' });
    expect(result.tokens).toBe(3 + t('developer') + t('Be brief.') + 3 + t('user') + t('Hello there') + 3);
    expect(result.method).toBe('o200k_base');
  });

  it('counts message items, function calls and their outputs', () => {
    const result = responses({
      model: 'gpt-4.1',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] },
        { type: 'function_call', call_id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'c1', output: '{"temp":21}' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'It is 21°C.' }] },
      ],
    });
    const text = ['user', 'Weather in Paris?', 'get_weather', '{"city":"Paris"}', 'c1', 'c1', '{"temp":21}', 'assistant', 'It is 21°C.'];
    expect(result.tokens).toBeGreaterThanOrEqual(text.reduce((n, s) => n + t(s), 0) + 3 * 3 + 3);
  });

  it('sizes input images and charges unknown ones at the maximum', () => {
    const known = responses({ model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_image', image_url: dataUrl('image/png', pngHeader(512, 512)), detail: 'high' }] }] });
    const unknown = responses({ model: 'gpt-4o', input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1', detail: 'auto' }] }] });
    expect(unknown.tokens - known.tokens).toBe(1445 - 255);
  });

  it('charges function tools by their JSON and built-in tools at an assumed size', () => {
    const base = responses({ model: 'gpt-5', input: 'hi' }).tokens;
    const fnTool = { type: 'function', name: 'lookup', description: 'Look up', parameters: { type: 'object', properties: {} } };
    expect(responses({ model: 'gpt-5', input: 'hi', tools: [fnTool] }).tokens - base).toBeGreaterThan(t(JSON.stringify(fnTool)));
    const builtIn = responses({ model: 'gpt-5', input: 'hi', tools: [{ type: 'web_search' }] });
    expect(builtIn.tokens - base).toBeGreaterThanOrEqual(1000);
    expect(builtIn.assumptions.join()).toMatch(/web_search/);
  });

  it('counts the text.format schema', () => {
    const base = responses({ model: 'gpt-5', input: 'hi' }).tokens;
    const schema = { type: 'object', properties: { answer: { type: 'string', description: 'The answer' } } };
    const withSchema = responses({ model: 'gpt-5', input: 'hi', text: { format: { type: 'json_schema', name: 'a', schema } } });
    expect(withSchema.tokens - base).toBeGreaterThan(t(JSON.stringify(schema)));
  });

  it('notes what it cannot count: stored conversations and item references', () => {
    const result = responses({ model: 'gpt-5', input: [{ type: 'item_reference', id: 'msg_1' }], previous_response_id: 'resp_1', conversation: 'conv_1' });
    expect(result.assumptions).toEqual(
      expect.arrayContaining([expect.stringMatching(/item_reference/), expect.stringMatching(/previous_response_id/), expect.stringMatching(/conversation/)]),
    );
  });

  it('charges reasoning items, including their encrypted content', () => {
    const base = responses({ model: 'o3', input: 'hi' }).tokens;
    const encrypted = 'A'.repeat(400);
    const withReasoning = responses({ model: 'o3', input: ['hi', { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thought about it.' }], encrypted_content: encrypted }] });
    expect(withReasoning.tokens - base).toBeGreaterThanOrEqual(t('Thought about it.') + 300);
  });

  it('walks unknown item types instead of ignoring them', () => {
    const base = responses({ model: 'gpt-5', input: 'hi' }).tokens;
    const result = responses({ model: 'gpt-5', input: ['hi', { type: 'web_search_call', id: 'ws_1', action: { query: 'a fairly long search query about tokens' } }] });
    expect(result.tokens - base).toBeGreaterThan(t('a fairly long search query about tokens'));
  });
});

describe('embeddings', () => {
  it('counts a string, strings, token arrays and arrays of them, without chat framing', () => {
    expect(embeddings({ model: 'text-embedding-3-small', input: 'hello world' })).toEqual({ tokens: cl100k('hello world'), method: 'cl100k_base', assumptions: [] });
    expect(embeddings({ model: 'text-embedding-3-large', input: ['a b c', 'd e'] }).tokens).toBe(cl100k('a b c') + cl100k('d e'));
    expect(embeddings({ model: 'text-embedding-3-small', input: [1, 2, 3, 4] }).tokens).toBe(4);
    expect(embeddings({ model: 'text-embedding-3-small', input: [[1, 2], [3, 4, 5]] }).tokens).toBe(5);
    expect(embeddings({ model: 'text-embedding-3-small' }).tokens).toBe(0);
  });
});
