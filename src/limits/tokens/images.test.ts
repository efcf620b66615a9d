import { describe, expect, it } from 'vitest';
import {
  CLAUDE_IMAGE_HIGH_RES,
  CLAUDE_IMAGE_LEGACY,
  claudeImageTokens,
  type OpenAIImageRule,
  openaiImageRule,
  openaiImageTokens,
  openaiMaxImageTokens,
} from './images.js';

const GPT_4O = openaiImageRule('gpt-4o');

describe('OpenAI image rules by model', () => {
  it.each<[string, OpenAIImageRule]>([
    ['gpt-4o', { kind: 'tile', base: 85, tile: 170 }],
    ['gpt-4o-2024-08-06', { kind: 'tile', base: 85, tile: 170 }],
    ['chatgpt-4o-latest', { kind: 'tile', base: 85, tile: 170 }],
    ['gpt-4.1', { kind: 'tile', base: 85, tile: 170 }],
    ['gpt-4.5-preview', { kind: 'tile', base: 85, tile: 170 }],
    ['gpt-4o-mini', { kind: 'tile', base: 2833, tile: 5667 }],
    ['gpt-4o-mini-2024-07-18', { kind: 'tile', base: 2833, tile: 5667 }],
    ['gpt-5', { kind: 'tile', base: 70, tile: 140 }],
    ['gpt-5-2025-08-07', { kind: 'tile', base: 70, tile: 140 }],
    ['gpt-5-chat-latest', { kind: 'tile', base: 70, tile: 140 }],
    ['o1', { kind: 'tile', base: 75, tile: 150 }],
    ['o1-pro', { kind: 'tile', base: 75, tile: 150 }],
    ['o3-2025-04-16', { kind: 'tile', base: 75, tile: 150 }],
    ['computer-use-preview', { kind: 'tile', base: 65, tile: 129 }],
    ['gpt-4.1-mini', { kind: 'patch', multiplier: 1.62 }],
    ['gpt-5-mini-2025-08-07', { kind: 'patch', multiplier: 1.62 }],
    ['gpt-4.1-nano', { kind: 'patch', multiplier: 2.46 }],
    ['gpt-5-nano', { kind: 'patch', multiplier: 2.46 }],
    ['o4-mini', { kind: 'patch', multiplier: 1.72 }],
  ])('%s', (model, rule) => {
    expect(openaiImageRule(model)).toEqual(rule);
  });

  it('charges undocumented models at least the documented default', () => {
    // gpt-5.x is not documented at gpt-5's 70/140; it gets the dearer 85/170.
    expect(openaiImageRule('gpt-5.2')).toEqual({ kind: 'tile', base: 85, tile: 170 });
    expect(openaiImageRule(undefined)).toEqual({ kind: 'tile', base: 85, tile: 170 });
    expect(openaiImageRule('gpt-5.4-nano')).toEqual({ kind: 'patch', multiplier: 2.46 });
    expect(openaiImageRule('gpt-9-mini')).toEqual({ kind: 'patch', multiplier: 1.72 });
  });
});

describe('OpenAI tile images (documented examples)', () => {
  it('1024 × 1024 at high detail is 765 tokens', () => {
    expect(openaiImageTokens(GPT_4O, { width: 1024, height: 1024 }, 'high')).toBe(765);
  });

  it('2048 × 4096 at high detail is 1105 tokens', () => {
    expect(openaiImageTokens(GPT_4O, { width: 2048, height: 4096 }, 'high')).toBe(1105);
  });

  it('any size at low detail is the base', () => {
    expect(openaiImageTokens(GPT_4O, { width: 4096, height: 8192 }, 'low')).toBe(85);
    expect(openaiImageTokens(GPT_4O, undefined, 'low')).toBe(85);
  });

  it('auto detail is charged as high', () => {
    expect(openaiImageTokens(GPT_4O, { width: 1024, height: 1024 }, 'auto')).toBe(765);
  });

  it('small images are not scaled up', () => {
    expect(openaiImageTokens(GPT_4O, { width: 300, height: 200 }, 'high')).toBe(255);
  });

  it('an image of unknown size costs the most any image can: base + 8 tiles', () => {
    expect(openaiImageTokens(GPT_4O, undefined, 'high')).toBe(85 + 8 * 170);
    expect(openaiMaxImageTokens(openaiImageRule('gpt-4o-mini'))).toBe(2833 + 8 * 5667);
    // The unknown-size charge really is the maximum over sizes and aspect ratios.
    let max = 0;
    for (const w of [1, 100, 511, 512, 513, 767, 768, 769, 1024, 1536, 2047, 2048, 2049, 4096, 10000]) {
      for (const h of [1, 100, 512, 768, 1024, 2048, 3000, 8192]) max = Math.max(max, openaiImageTokens(GPT_4O, { width: w, height: h }, 'high'));
    }
    expect(max).toBeLessThanOrEqual(openaiImageTokens(GPT_4O, undefined, 'high'));
  });
});

describe('OpenAI patch images (documented examples)', () => {
  const unit: OpenAIImageRule = { kind: 'patch', multiplier: 1 };

  it('1024 × 1024 is 1024 patches', () => {
    expect(openaiImageTokens(unit, { width: 1024, height: 1024 }, 'auto')).toBe(1024);
  });

  it('1800 × 2400 is scaled down to 1452 patches', () => {
    expect(openaiImageTokens(unit, { width: 1800, height: 2400 }, 'auto')).toBe(1452);
  });

  it('applies the model multiplier, rounding up, and ignores detail', () => {
    const mini = openaiImageRule('gpt-4.1-mini');
    expect(openaiImageTokens(mini, { width: 1024, height: 1024 }, 'low')).toBe(Math.ceil(1024 * 1.62));
  });

  it('never exceeds 1536 patches, which is what an unknown size costs', () => {
    expect(openaiImageTokens(unit, { width: 8000, height: 7999 }, 'high')).toBeLessThanOrEqual(1536);
    expect(openaiImageTokens(unit, { width: 100_000, height: 33 }, 'high')).toBeLessThanOrEqual(1536);
    expect(openaiImageTokens(unit, undefined, 'high')).toBe(1536);
    expect(openaiImageTokens(openaiImageRule('gpt-4.1-nano'), undefined, 'high')).toBe(Math.ceil(1536 * 2.46));
  });
});

describe('Claude images', () => {
  it('follows w × h / 750 for the documented sizes', () => {
    expect(claudeImageTokens(CLAUDE_IMAGE_LEGACY, { width: 1000, height: 1000 })).toBe(1334);
    expect(claudeImageTokens(CLAUDE_IMAGE_LEGACY, { width: 1092, height: 1092 })).toBe(1590);
  });

  it('charges the 28 px patch grid when it is larger (small images are padded)', () => {
    // ~54 by w·h/750; 8 × 8 padded patches = 64.
    expect(claudeImageTokens(CLAUDE_IMAGE_LEGACY, { width: 200, height: 200 })).toBe(64);
  });

  it('scales big images down and caps them near 1600 tokens (legacy models)', () => {
    expect(claudeImageTokens(CLAUDE_IMAGE_LEGACY, { width: 8000, height: 8000 })).toBe(1600);
    expect(claudeImageTokens(CLAUDE_IMAGE_LEGACY, { width: 4000, height: 100 })).toBeLessThan(1600);
  });

  it('allows larger images on the high-resolution models, capped at 5000', () => {
    expect(claudeImageTokens(CLAUDE_IMAGE_HIGH_RES, { width: 2000, height: 1500 })).toBe(4000);
    expect(claudeImageTokens(CLAUDE_IMAGE_HIGH_RES, { width: 8000, height: 8000 })).toBe(5000);
  });

  it('charges the maximum for an image of unknown size', () => {
    expect(claudeImageTokens(CLAUDE_IMAGE_LEGACY, undefined)).toBe(1600);
    expect(claudeImageTokens(CLAUDE_IMAGE_HIGH_RES, undefined)).toBe(5000);
  });
});
