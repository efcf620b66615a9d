import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectInjection } from './index.js';

/**
 * test/fixtures/ordinary-prompts.jsonl is an independent check (never trained on, and the
 * synthetic chat corpus excludes its lines): ordinary chat turns ("hi", "Continue", "Make it
 * shorter", hard negatives) must pass, because the gateway blocks on this detector by default.
 */
const FIXTURE = new URL('../../../test/fixtures/ordinary-prompts.jsonl', import.meta.url);

describe('ordinary chat prompts', () => {
  it('blocks at most 1 of the fixture prompts at the default thresholds', () => {
    const texts = readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => (JSON.parse(l) as { text: string }).text);
    expect(texts.length).toBeGreaterThan(100);
    const blocked = texts.filter((t) => detectInjection(t).category !== 'benign');
    expect(blocked.length, `blocked: ${JSON.stringify(blocked)}`).toBeLessThanOrEqual(1);
  });
});
