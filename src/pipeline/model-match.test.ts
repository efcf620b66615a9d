import { describe, expect, it } from 'vitest';
import { modelAllowed } from './model-match.js';

describe('modelAllowed', () => {
  it('matches exact names only when the entry has no star', () => {
    expect(modelAllowed('gpt-4o', ['gpt-4o'])).toBe(true);
    expect(modelAllowed('gpt-4o-mini', ['gpt-4o'])).toBe(false);
    expect(modelAllowed('gpt-4', ['gpt-4o'])).toBe(false);
    expect(modelAllowed('GPT-4o', ['gpt-4o'])).toBe(false);
  });

  it('matches a prefix for an entry ending in *', () => {
    expect(modelAllowed('gpt-4o', ['gpt-4o*'])).toBe(true);
    expect(modelAllowed('gpt-4o-mini-2024-07-18', ['gpt-4o*'])).toBe(true);
    expect(modelAllowed('gpt-4.1', ['gpt-4o*'])).toBe(false);
    expect(modelAllowed('claude-3-5-haiku-latest', ['claude-*'])).toBe(true);
    expect(modelAllowed('xclaude-3', ['claude-*'])).toBe(false);
  });

  it('treats a star elsewhere as a literal character', () => {
    expect(modelAllowed('gpt-4o', ['gpt-*o'])).toBe(false);
    expect(modelAllowed('gpt-*o', ['gpt-*o'])).toBe(true);
  });

  it('lets a lone * allow every model', () => {
    expect(modelAllowed('anything', ['*'])).toBe(true);
  });

  it('allows nothing with an empty list and checks every entry otherwise', () => {
    expect(modelAllowed('gpt-4o', [])).toBe(false);
    expect(modelAllowed('o3-mini', ['gpt-4o*', 'o3*'])).toBe(true);
  });
});
