import { countTokens as o200k } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../providers/routes.js';
import { countInputTokens, warmTokenizers } from './index.js';

const ENGLISH = 'The gateway counts every prompt before forwarding it, in a single pass over the text. '.repeat(1200).slice(0, 100_000);

describe('countInputTokens', () => {
  warmTokenizers();

  it('has nothing to count on the models routes', () => {
    expect(countInputTokens(ROUTES.openaiModels, {})).toEqual({ tokens: 0, method: 'none', assumptions: [] });
    expect(countInputTokens(ROUTES.anthropicModels, {})).toEqual({ tokens: 0, method: 'none', assumptions: [] });
  });

  it('names its method', () => {
    expect(countInputTokens(ROUTES.chatCompletions, { model: 'gpt-4o', messages: [] }).method).toBe('o200k_base');
    expect(countInputTokens(ROUTES.chatCompletions, { model: 'gpt-3.5-turbo', messages: [] }).method).toBe('cl100k_base');
    expect(countInputTokens(ROUTES.responses, { input: 'x' }).method).toBe('o200k_base');
    expect(countInputTokens(ROUTES.embeddings, { model: 'text-embedding-3-small', input: 'x' }).method).toBe('cl100k_base');
    expect(countInputTokens(ROUTES.messages, { model: 'claude-haiku-4-5', messages: [] }).method).toBe('claude-estimate');
    expect(countInputTokens(ROUTES.countTokens, { model: 'claude-haiku-4-5', messages: [] }).method).toBe('claude-estimate');
  });

  it('survives malformed bodies (the schema is the upstream’s to enforce)', () => {
    const weird = [
      { messages: 'not an array' },
      { messages: [null, 1, 'x', { role: 5, content: { nested: true } }] },
      { input: { not: 'valid' } },
      { model: 42, system: 7, tools: 'none' },
    ];
    for (const body of weird) {
      for (const route of [ROUTES.chatCompletions, ROUTES.responses, ROUTES.embeddings, ROUTES.messages]) {
        const result = countInputTokens(route, body);
        expect(Number.isInteger(result.tokens)).toBe(true);
        expect(result.tokens).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('returns whole tokens, rounding the Claude estimate up', () => {
    const { tokens } = countInputTokens(ROUTES.messages, { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'a' }] });
    expect(Number.isInteger(tokens)).toBe(true);
  });

  it('charges text past the exact-count budget one token per UTF-8 byte, and says so', () => {
    const text = 'héllo wörld '.repeat(100);
    const body = { model: 'gpt-4o', messages: [{ role: 'user', content: text }] };
    const exact = countInputTokens(ROUTES.chatCompletions, body);
    const bounded = countInputTokens(ROUTES.chatCompletions, body, { exactCharBudget: 10 });
    expect(exact.assumptions).toEqual([]);
    expect(bounded.tokens - exact.tokens).toBe(Buffer.byteLength(text) - o200k(text));
    expect(bounded.assumptions.join()).toMatch(/UTF-8 byte/);
  });

  describe('performance', () => {
    function timed(run: () => void): number {
      run(); // warm the merge cache, as a running gateway has
      const started = performance.now();
      run();
      return performance.now() - started;
    }

    it('counts a 100 KB OpenAI prompt in milliseconds', () => {
      const ms = timed(() => countInputTokens(ROUTES.chatCompletions, { model: 'gpt-4o', messages: [{ role: 'user', content: ENGLISH }] }));
      expect(ms).toBeLessThan(500);
    });

    it('estimates a 100 KB Claude prompt in one tokenizer pass', () => {
      const ms = timed(() => countInputTokens(ROUTES.messages, { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: ENGLISH }] }));
      expect(ms).toBeLessThan(500);
    });

    it('does not re-encode base64 images or PDFs as text', () => {
      const image = `data:image/png;base64,${Buffer.alloc(3_000_000, 1).toString('base64')}`;
      const ms = timed(() => countInputTokens(ROUTES.chatCompletions, { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: image } }] }] }));
      expect(ms).toBeLessThan(500);
    });
  });
});
