import type { ImageSize } from './media.js';

/**
 * Image token rules, as the providers document them.
 *
 * OpenAI (platform.openai.com/docs/guides/images-vision, "Calculating costs"): two schemes.
 *  - Tiles: `detail: "low"` costs the base tokens. Otherwise the image is scaled to fit a
 *    2048 × 2048 square, then so its shortest side is 768 px, and each 512 px tile costs the tile
 *    tokens, plus the base. The documented examples only ever scale down (1024² → 768², 4 tiles,
 *    765 tokens; 2048 × 4096 → 768 × 1536, 6 tiles, 1105 tokens), as does OpenAI's cookbook code.
 *  - Patches (gpt-4.1-mini/nano, gpt-5-mini/nano, o4-mini): one token per 32 px patch, at most
 *    1536 patches after scaling down, times a per-model multiplier. The docs give no `detail`
 *    rule for these models, so detail is ignored (the larger cost).
 */
export type OpenAIImageRule =
  | { readonly kind: 'tile'; readonly base: number; readonly tile: number }
  | { readonly kind: 'patch'; readonly multiplier: number };

export type ImageDetail = 'low' | 'high' | 'auto';

const TILE_4O: OpenAIImageRule = { kind: 'tile', base: 85, tile: 170 };

// First match wins; an id matches a prefix when it equals it or continues with "-".
const OPENAI_IMAGE_RULES: readonly (readonly [string, OpenAIImageRule])[] = [
  ['gpt-4o-mini', { kind: 'tile', base: 2833, tile: 5667 }],
  ['gpt-4.1-mini', { kind: 'patch', multiplier: 1.62 }],
  ['gpt-5-mini', { kind: 'patch', multiplier: 1.62 }],
  ['gpt-4.1-nano', { kind: 'patch', multiplier: 2.46 }],
  ['gpt-5-nano', { kind: 'patch', multiplier: 2.46 }],
  ['o4-mini', { kind: 'patch', multiplier: 1.72 }],
  ['computer-use-preview', { kind: 'tile', base: 65, tile: 129 }],
  ['o1', { kind: 'tile', base: 75, tile: 150 }],
  ['o3', { kind: 'tile', base: 75, tile: 150 }],
];

// Only gpt-5 itself and gpt-5-chat-latest are documented at 70/140; gpt-5.x and other variants
// fall through to the default, which costs more.
const GPT5_TILE = /^gpt-5(?:-chat-latest|-\d{4}-\d{2}-\d{2})?$/;

export function openaiImageRule(model: string | undefined): OpenAIImageRule {
  const m = (model ?? '').toLowerCase();
  for (const [prefix, rule] of OPENAI_IMAGE_RULES) {
    if (m === prefix || m.startsWith(`${prefix}-`)) return rule;
  }
  if (GPT5_TILE.test(m)) return { kind: 'tile', base: 70, tile: 140 };
  // Undocumented small models: assume the dearest documented patch multiplier of their kind.
  if (m.includes('-nano')) return { kind: 'patch', multiplier: 2.46 };
  if (m.includes('-mini')) return { kind: 'patch', multiplier: 1.72 };
  // gpt-4o, gpt-4.1, gpt-4.5, chatgpt-4o and anything unknown.
  return TILE_4O;
}

// Shortest side ≤ 768 and longest ≤ 2048 after scaling: at most 2 × 4 tiles.
const MAX_TILES = 8;
const MAX_PATCHES = 1536;
// Keep 1056.0000000002 from becoming 34 patches where the docs say 33.
const EPSILON = 1e-6;

function ceilTo(value: number, unit: number): number {
  return Math.ceil(value / unit - EPSILON);
}

function tiles(size: ImageSize): number {
  let { width: w, height: h } = size;
  const longest = Math.max(w, h);
  if (longest > 2048) {
    w = (w * 2048) / longest;
    h = (h * 2048) / longest;
  }
  const shortest = Math.min(w, h);
  if (shortest > 768) {
    w = (w * 768) / shortest;
    h = (h * 768) / shortest;
  }
  return ceilTo(w, 512) * ceilTo(h, 512);
}

function patches(size: ImageSize): number {
  const { width: w, height: h } = size;
  const raw = ceilTo(w, 32) * ceilTo(h, 32);
  if (raw <= MAX_PATCHES) return raw;
  // The documented scale-down: shrink to the patch budget, then onto the 32 px grid.
  let r = Math.sqrt((32 * 32 * MAX_PATCHES) / (w * h));
  r *= Math.min(Math.floor((w * r) / 32) / ((w * r) / 32), Math.floor((h * r) / 32) / ((h * r) / 32));
  return Math.min(MAX_PATCHES, ceilTo(w * r, 32) * ceilTo(h * r, 32));
}

/**
 * Tokens for one image. `size` undefined means the size is unknown (an https URL or a file id):
 * the documented worst case is charged — base + 8 tiles for high/auto detail, 1536 patches.
 */
export function openaiImageTokens(rule: OpenAIImageRule, size: ImageSize | undefined, detail: ImageDetail): number {
  if (rule.kind === 'tile') {
    if (detail === 'low') return rule.base;
    return rule.base + rule.tile * (size ? tiles(size) : MAX_TILES);
  }
  return Math.ceil((size ? patches(size) : MAX_PATCHES) * rule.multiplier);
}

/** The largest an image can cost under a rule (size unknown, high detail). */
export function openaiMaxImageTokens(rule: OpenAIImageRule): number {
  return openaiImageTokens(rule, undefined, 'high');
}

/**
 * Anthropic (docs.claude.com/en/docs/build-with-claude/vision): tokens ≈ width × height / 750,
 * and images are padded to 28 px patches, one token each; the larger of the two is charged. An
 * image whose long edge is over the model's limit is scaled down, and big images are scaled to
 * about 1.15 MP (~1600 tokens; the docs' largest example is 1092² ≈ 1590). Claude Opus 4.7
 * raised the long edge to 2576 px (~3.75 MP, 5000 tokens at w·h/750).
 */
export interface ClaudeImageRule {
  readonly maxLongEdge: number;
  readonly maxTokens: number;
}

export const CLAUDE_IMAGE_LEGACY: ClaudeImageRule = Object.freeze({ maxLongEdge: 1568, maxTokens: 1600 });
export const CLAUDE_IMAGE_HIGH_RES: ClaudeImageRule = Object.freeze({ maxLongEdge: 2576, maxTokens: 5000 });

/** Tokens for one image; `size` undefined (URL, file id) charges the rule's maximum. */
export function claudeImageTokens(rule: ClaudeImageRule, size: ImageSize | undefined): number {
  if (!size) return rule.maxTokens;
  const scale = Math.min(1, rule.maxLongEdge / Math.max(size.width, size.height));
  const w = size.width * scale;
  const h = size.height * scale;
  const tokens = Math.max(Math.ceil((w * h) / 750), ceilTo(w, 28) * ceilTo(h, 28));
  return Math.min(tokens, rule.maxTokens);
}
