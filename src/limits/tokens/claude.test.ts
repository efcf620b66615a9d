import { readFileSync } from 'node:fs';
import { countTokens as cl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../providers/routes.js';
import { claudeProfile, claudeTextTokens, normalizeClaudeModel } from './claude.js';
import { countInputTokens } from './index.js';
import { dataUrl, pngHeader, plainPdf } from './test-media.js';

interface Fixture {
  name: string;
  model: string;
  request: Record<string, unknown>;
  input_tokens: number;
}
interface ClaudeFixtures {
  exact: Fixture[];
  unknownContent: Fixture[];
  rates: { name: string; chars: number; input_tokens: Record<string, number> }[];
}
const fixtures = JSON.parse(readFileSync(new URL('./claude-count-fixtures.json', import.meta.url), 'utf8')) as ClaudeFixtures;

const AS_TEXT = { disallowedSpecial: new Set<string>() };
const messages = (body: Record<string, unknown>) => countInputTokens(ROUTES.messages, body);
const LEGACY = claudeProfile('claude-sonnet-4-5');
const CURRENT = claudeProfile('claude-opus-4-7');

// A varied corpus: prose, code, JSON, CJK, Cyrillic, Arabic, Hindi, Turkish, Armenian, emoji,
// whitespace, base64, a repeated letter.
const CORPUS = (JSON.parse(readFileSync(new URL('./claude-corpus.json', import.meta.url), 'utf8')) as { texts: Record<string, string> }).texts;

describe('claude profiles', () => {
  it.each([
    ['claude-3-5-haiku-20241022', 'claude-3-5-haiku'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet'],
    ['anthropic.claude-3-5-sonnet-20241022-v2:0', 'claude-3-5-sonnet'],
    ['us.anthropic.claude-sonnet-4-20250514-v1:0', 'claude-sonnet-4'],
    ['claude-opus-4-1@20250805', 'claude-opus-4-1'],
    ['Claude-Haiku-4-5', 'claude-haiku-4-5'],
  ])('normalizes %s to %s', (model, normalized) => {
    expect(normalizeClaudeModel(model)).toBe(normalized);
  });

  it('uses the older tokenizer and 1568 px images for Claude 3 – 4.6', () => {
    for (const model of ['claude-3-haiku-20240307', 'claude-opus-4-20250514', 'claude-sonnet-4-5', 'claude-haiku-4-5-20251001', 'claude-opus-4-6']) {
      const profile = claudeProfile(model);
      expect(profile.tokenizer).toBe('legacy');
      expect(profile.image.maxTokens).toBe(1600);
    }
  });

  it('charges the tool-use system prompt per model, the largest documented variant', () => {
    expect(claudeProfile('claude-opus-4-20250514').toolSystemPrompt).toBe(346);
    expect(claudeProfile('claude-3-opus-20240229').toolSystemPrompt).toBe(530);
    expect(claudeProfile('claude-3-5-haiku-latest').toolSystemPrompt).toBe(355);
    expect(claudeProfile('claude-sonnet-4-6').toolSystemPrompt).toBe(589);
  });

  it('treats Opus 4.7 and every unknown model with the newer, costlier assumptions', () => {
    for (const model of ['claude-opus-4-7', 'claude-opus-4-8', 'claude-sonnet-5', 'some-future-model', undefined]) {
      const profile = claudeProfile(model);
      expect(profile.tokenizer).toBe('current');
      expect(profile.toolSystemPrompt).toBe(804);
      expect(profile.image.maxTokens).toBe(5000);
    }
  });
});

describe('claude text estimate never under-counts the public tokenizers', () => {
  for (const [name, text] of Object.entries(CORPUS)) {
    it(`${name}: ≥ o200k, ≥ cl100k, ≥ chars / 4 (both tokenizer generations)`, () => {
      const floor = Math.max(o200k(text, AS_TEXT), cl100k(text, AS_TEXT), text.length / 4);
      expect(claudeTextTokens(text, LEGACY)).toBeGreaterThanOrEqual(floor);
      expect(claudeTextTokens(text, CURRENT)).toBeGreaterThanOrEqual(floor);
    });
  }

  it('charges the newer tokenizer at least as much as the older one', () => {
    for (const text of Object.values(CORPUS)) expect(claudeTextTokens(text, CURRENT)).toBeGreaterThanOrEqual(claudeTextTokens(text, LEGACY));
  });

  it('charges non-ASCII scripts at least their per-character floors', () => {
    expect(claudeTextTokens('中'.repeat(100), LEGACY)).toBeGreaterThanOrEqual(100);
    expect(claudeTextTokens('я'.repeat(100), LEGACY)).toBeGreaterThanOrEqual(50);
    expect(claudeTextTokens('😀'.repeat(100), LEGACY)).toBeGreaterThanOrEqual(400);
  });
});

describe('published count_tokens results', () => {
  for (const fixture of fixtures.exact) {
    it(`${fixture.name}: ≥ ${fixture.input_tokens} for ${fixture.model} and for an unknown model`, () => {
      const recorded = messages(fixture.request);
      expect(recorded.method).toBe('claude-estimate');
      expect(recorded.tokens).toBeGreaterThanOrEqual(fixture.input_tokens);
      expect(messages({ ...fixture.request, model: 'claude-unknown' }).tokens).toBeGreaterThanOrEqual(fixture.input_tokens);
      // Conservative, not absurd: within 3× on these small requests, framing included.
      expect(recorded.tokens).toBeLessThanOrEqual(fixture.input_tokens * 3);
    });
  }

  for (const fixture of fixtures.unknownContent) {
    it(`${fixture.name}: content unknown to the estimate, still ≥ ${fixture.input_tokens}`, () => {
      const result = messages(fixture.request);
      expect(result.tokens).toBeGreaterThanOrEqual(fixture.input_tokens);
      expect(result.assumptions.length).toBeGreaterThan(0);
    });
  }

  for (const rate of fixtures.rates) {
    for (const [model, recorded] of Object.entries(rate.input_tokens)) {
      it(`${rate.name}: any ASCII text of ${rate.chars} characters is charged ≥ ${recorded} on ${model}`, () => {
        // The published counts come without their text; the per-character floor alone must cover
        // them for any ASCII text of that length — here the cheapest for o200k, one repeated word.
        const text = 'the '.repeat(Math.ceil(rate.chars / 4)).slice(0, rate.chars);
        const result = messages({ model, messages: [{ role: 'user', content: text }] });
        expect(result.tokens).toBeGreaterThanOrEqual(recorded);
      });
    }
  }
});

describe('messages bodies', () => {
  const base = { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }] };
  const baseTokens = messages(base).tokens;

  it('counts a string system prompt and a block system prompt alike', () => {
    const asString = messages({ ...base, system: 'You are terse.' }).tokens;
    const asBlocks = messages({ ...base, system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }] }).tokens;
    expect(asString).toBe(asBlocks);
    expect(asString).toBeGreaterThan(baseTokens);
  });

  it('adds the tool-use system prompt once, plus each tool', () => {
    const tool = { name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };
    const one = messages({ ...base, tools: [tool] }).tokens;
    const two = messages({ ...base, tools: [tool, { ...tool, name: 'get_time' }] }).tokens;
    expect(one - baseTokens).toBeGreaterThanOrEqual(588 + o200k(JSON.stringify(tool)));
    expect(two - one).toBeLessThan(588);
  });

  it('charges Anthropic-defined tools and MCP servers at an assumed size', () => {
    const result = messages({ ...base, tools: [{ type: 'bash_20250124', name: 'bash' }], mcp_servers: [{ type: 'url', url: 'https://mcp.example.com', name: 'x' }] });
    expect(result.tokens - baseTokens).toBeGreaterThanOrEqual(588 + 2 * 1250);
    expect(result.assumptions.join()).toMatch(/bash_20250124/);
    expect(result.assumptions.join()).toMatch(/MCP/);
  });

  it('sizes base64 images and charges URL images the maximum', () => {
    const image = (source: unknown) => messages({ ...base, messages: [{ role: 'user', content: [{ type: 'image', source }] }] });
    const png = image({ type: 'base64', media_type: 'image/png', data: pngHeader(1000, 1000).toString('base64') });
    const url = image({ type: 'url', url: 'https://example.com/a.png' });
    expect(url.tokens - png.tokens).toBe(1600 - 1334);
    expect(png.assumptions).toEqual([]);
    expect(url.assumptions.join()).toMatch(/image by URL/);
  });

  it('charges PDFs per page and text documents by their text', () => {
    const doc = (source: unknown) => messages({ ...base, messages: [{ role: 'user', content: [{ type: 'document', source }] }] }).tokens;
    const empty = doc({ type: 'text', media_type: 'text/plain', data: '' });
    expect(doc({ type: 'base64', media_type: 'application/pdf', data: plainPdf(3).toString('base64') }) - empty).toBe(3 * (3000 + 1600));
    expect(doc({ type: 'text', media_type: 'text/plain', data: 'The grass is green.' }) - empty).toBeGreaterThanOrEqual(o200k('The grass is green.'));
    expect(doc({ type: 'content', content: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }] })).toBeGreaterThan(empty);
    expect(doc({ type: 'file', file_id: 'file_1' }) - empty).toBe(100 * (3000 + 1600));
  });

  it('counts tool use, tool results (with images) and thinking', () => {
    const conversation = {
      model: 'claude-sonnet-4-5',
      messages: [
        { role: 'user', content: 'Look at the chart' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'I should fetch the chart first.', signature: 'sig' },
            { type: 'tool_use', id: 'toolu_1', name: 'fetch_chart', input: { id: 42 } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: [
                { type: 'text', text: 'chart attached' },
                { type: 'image', source: { type: 'base64', media_type: 'image/png', data: pngHeader(750, 750).toString('base64') } },
              ],
            },
          ],
        },
      ],
    };
    const result = messages(conversation);
    expect(result.tokens).toBeGreaterThanOrEqual(750 + o200k('I should fetch the chart first.') + o200k('fetch_chart') + o200k('chart attached'));
    expect(result.assumptions).toEqual([]);
  });

  it('charges redacted thinking by its size and walks unknown blocks', () => {
    const redacted = messages({ ...base, messages: [{ role: 'assistant', content: [{ type: 'redacted_thinking', data: 'x'.repeat(4000) }] }] });
    expect(redacted.tokens).toBeGreaterThanOrEqual(3000);
    const unknown = messages({
      ...base,
      messages: [{ role: 'user', content: [{ type: 'web_search_tool_result', tool_use_id: 's1', content: [{ type: 'web_search_result', title: 'A page title about tokens', url: 'https://example.com' }] }] }],
    });
    expect(unknown.tokens).toBeGreaterThan(o200k('A page title about tokens'));
  });

  it('is the same for count_tokens bodies', () => {
    const body = { ...base, system: 'x' };
    expect(countInputTokens(ROUTES.countTokens, body)).toEqual(messages(body));
  });

  it('charges the data of an image inside an unknown block as a file, not as text', () => {
    const blob = dataUrl('application/octet-stream', Buffer.alloc(10));
    const result = messages({ ...base, messages: [{ role: 'user', content: [{ type: 'future_block', payload: blob }] }] });
    expect(result.assumptions.join()).toMatch(/unknown document/);
  });
});
