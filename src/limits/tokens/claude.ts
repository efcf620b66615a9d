import { arr, obj, str, type Json } from '../../providers/json.js';
import { type DocumentCosts, tallyFileData, tallyPdf, tallyUnknownDocument, UNKNOWN_DOCUMENT_PAGES } from './documents.js';
import { countTextTokens, emptyStats } from './encodings.js';
import { CLAUDE_IMAGE_HIGH_RES, CLAUDE_IMAGE_LEGACY, type ClaudeImageRule, claudeImageTokens } from './images.js';
import { imageSizeFromBase64, parseDataUrl } from './media.js';
import { tallyWalk, type Tally } from './tally.js';

/*
 * A conservative estimate of Claude input tokens. Claude's tokenizer is not public (Anthropic's
 * @anthropic-ai/tokenizer is the Claude 2 one and "no longer accurate" for Claude 3+), so text is
 * charged the largest of these bounds:
 *
 *  1. the o200k count times a factor: Claude 3–4.6 use ~15–20 % more tokens than tiktoken on
 *     English and more on code (Anthropic's own guidance), and the tokenizer introduced with
 *     Claude Opus 4.7 uses up to ~1.35× (Anthropic) — measured up to 1.47× on technical prose —
 *     the tokens of 4.6 for the same text;
 *  2. for text with non-ASCII letters (any language but English), also the cl100k_base count times
 *     1.25: Anthropic's guidance is that tiktoken under-counts Claude "by much more" on
 *     non-English text, and cl100k is the less multilingual, hence larger, OpenAI count;
 *  3. a per-character floor: ASCII at `asciiCharsPerToken` (3 for the older tokenizer, 2.2 for
 *     the new one, which measured ~2.3–2.5 characters per token on real CLAUDE.md files and git
 *     logs), other characters at per-script floors (scripts.ts) — at or above cl100k_base's rate
 *     for the scripts every vocabulary covers, the UTF-8 byte length for the rest.
 *
 * Framing overheads (system, messages, blocks, tools) and Anthropic's documented tool-use system
 * prompt are added on top. None of these constants has yet been fitted to recorded count_tokens
 * results; see README.md for what is and is not established.
 */

export interface ClaudeProfile {
  /** 'legacy' for the tokenizer used through Claude 4.6, 'current' for Opus 4.7's and unknown models. */
  readonly tokenizer: 'legacy' | 'current';
  readonly o200kFactor: number;
  readonly asciiCharsPerToken: number;
  readonly image: ClaudeImageRule;
  /** Anthropic's tool-use system prompt, the larger of its tool_choice variants. */
  readonly toolSystemPrompt: number;
  readonly pdfTextTokensPerPage: number;
}

// Claude 3.x–4.6. Tool-use system prompt sizes: the largest figure any revision of Anthropic's
// tool-use pricing table has given for the model (the table has been revised over time).
const LEGACY_TOOL_PROMPTS: Readonly<Record<string, number>> = {
  'claude-3-haiku': 340,
  'claude-3-sonnet': 235,
  'claude-3-opus': 530,
  'claude-3-5-sonnet': 346,
  'claude-3-5-haiku': 355,
  'claude-3-7-sonnet': 346,
  'claude-sonnet-4': 346,
  'claude-sonnet-4-0': 346,
  'claude-opus-4': 346,
  'claude-opus-4-0': 346,
  'claude-opus-4-1': 346,
  'claude-sonnet-4-5': 588,
  'claude-haiku-4-5': 588,
  'claude-opus-4-5': 588,
  'claude-sonnet-4-6': 589,
  'claude-opus-4-6': 589,
};
// Opus 4.7 (675 auto / 804 any) is the largest documented figure; unknown models get it too.
const CURRENT_TOOL_PROMPT = 804;

const LEGACY_PDF_TEXT_TOKENS_PER_PAGE = 3000;

/** Strips provider decorations: Bedrock `us.anthropic.…-v1:0`, Vertex `…@20250514`, dates, -latest. */
export function normalizeClaudeModel(model: string): string {
  return model
    .toLowerCase()
    .replace(/^(?:[a-z]{2,4}\.)?anthropic\./, '')
    .replace(/-v\d+(?::\d+)?$/, '')
    .replace(/@\d{8}$/, '')
    .replace(/-\d{8}$/, '')
    .replace(/-latest$/, '');
}

export function claudeProfile(model: string | undefined): ClaudeProfile {
  const legacyPrompt = model === undefined ? undefined : LEGACY_TOOL_PROMPTS[normalizeClaudeModel(model)];
  if (legacyPrompt !== undefined) {
    return {
      tokenizer: 'legacy',
      o200kFactor: 1.35,
      asciiCharsPerToken: 3,
      image: CLAUDE_IMAGE_LEGACY,
      toolSystemPrompt: legacyPrompt,
      pdfTextTokensPerPage: LEGACY_PDF_TEXT_TOKENS_PER_PAGE,
    };
  }
  // Opus 4.7 and every model this table does not know: the newer tokenizer (~1.5× the legacy
  // estimate), high-resolution images, the largest tool prompt.
  return {
    tokenizer: 'current',
    o200kFactor: 2,
    asciiCharsPerToken: 2.2,
    image: CLAUDE_IMAGE_HIGH_RES,
    toolSystemPrompt: CURRENT_TOOL_PROMPT,
    pdfTextTokensPerPage: LEGACY_PDF_TEXT_TOKENS_PER_PAGE * 1.5,
  };
}

const CL100K_FACTOR = 1.25;

/** The estimate for one piece of text (fractional; the request total is rounded up once). */
export function claudeTextTokens(text: string, profile: ClaudeProfile): number {
  const stats = emptyStats();
  const o200k = countTextTokens('o200k_base', text, stats);
  const estimate = Math.max(o200k * profile.o200kFactor, stats.ascii / profile.asciiCharsPerToken + stats.nonAsciiFloor);
  // English (ASCII plus punctuation) is counted once; other languages a second time, with cl100k.
  return stats.nonAsciiLetters > 0 ? Math.max(estimate, countTextTokens('cl100k_base', text) * CL100K_FACTOR) : estimate;
}

// Framing: Anthropic's documented example (system "You are a scientist", user "Hello, Claude")
// counts 14 tokens for ~7 tokens of text.
const REQUEST_OVERHEAD = 8;
const SYSTEM_OVERHEAD = 4;
const MESSAGE_OVERHEAD = 5;
const BLOCK_OVERHEAD = 3;
const TOOL_OVERHEAD = 10;
const TOOL_USE_OVERHEAD = 10;
// Anthropic-defined tools (bash, text editor, computer use, web search, code execution, …) carry
// instructions of their own: bash 245, text editor 700, computer use 735 + ~500 system prompt
// tokens are documented; the others are not. Each is charged the largest documented figure.
const BUILTIN_TOOL_TOKENS = 1250;

export interface ClaudeCountContext {
  readonly tally: Tally;
  readonly profile: ClaudeProfile;
  readonly documents: DocumentCosts;
}

export function claudeContext(tally: Tally, profile: ClaudeProfile, unknownDocumentTokens: number | undefined): ClaudeCountContext {
  const perPage = profile.pdfTextTokensPerPage + profile.image.maxTokens;
  return {
    tally,
    profile,
    documents: {
      textTokensPerPage: profile.pdfTextTokensPerPage,
      imageTokensPerPage: profile.image.maxTokens,
      unknownDocumentTokens: unknownDocumentTokens ?? UNKNOWN_DOCUMENT_PAGES * perPage,
    },
  };
}

function tallyImage(c: ClaudeCountContext, source: Json | undefined): void {
  let size;
  if (source?.type === 'base64') {
    const data = str(source.data);
    size = data === undefined ? undefined : imageSizeFromBase64(data);
    if (!size) c.tally.assume('image of unreadable size charged at the documented maximum');
  } else {
    c.tally.assume('image by URL or file id charged at the documented maximum');
  }
  c.tally.add(claudeImageTokens(c.profile.image, size));
}

function tallyDocument(c: ClaudeCountContext, block: Json): void {
  c.tally.text(str(block.title) ?? '');
  c.tally.text(str(block.context) ?? '');
  const source = obj(block.source);
  switch (source?.type) {
    case 'text':
      c.tally.text(str(source.data) ?? '');
      return;
    case 'content':
      tallyContent(c, source.content);
      return;
    case 'base64': {
      const data = str(source.data) ?? '';
      const mediaType = str(source.media_type) ?? '';
      if (mediaType === 'application/pdf') tallyPdf(c.tally, data, c.documents);
      else tallyFileData(c.tally, data, mediaType, undefined, c.documents);
      return;
    }
    default:
      tallyUnknownDocument(c.tally, c.documents, source?.type === 'url' ? 'document by URL' : 'document by file id');
  }
}

/** One content block of a message, a tool result or a system prompt. */
function tallyBlock(c: ClaudeCountContext, block: unknown): void {
  if (typeof block === 'string') {
    c.tally.text(block);
    return;
  }
  const b = obj(block);
  if (!b) return;
  switch (b.type) {
    case 'text':
      c.tally.text(str(b.text) ?? '');
      return;
    case 'image':
      c.tally.add(BLOCK_OVERHEAD);
      tallyImage(c, obj(b.source));
      return;
    case 'document':
      c.tally.add(BLOCK_OVERHEAD);
      tallyDocument(c, b);
      return;
    case 'search_result':
      c.tally.add(BLOCK_OVERHEAD);
      c.tally.text(str(b.title) ?? '');
      c.tally.text(str(b.source) ?? '');
      tallyContent(c, b.content);
      return;
    case 'tool_use':
    case 'server_tool_use':
    case 'mcp_tool_use':
      c.tally.add(TOOL_USE_OVERHEAD);
      c.tally.text(str(b.name) ?? '');
      c.tally.json(b.input);
      return;
    case 'tool_result':
    case 'mcp_tool_result':
      c.tally.add(TOOL_USE_OVERHEAD);
      tallyContent(c, b.content);
      return;
    case 'thinking':
      // Anthropic drops thinking from earlier turns, but counts the current turn's; charging it
      // always never under-counts. The signature is opaque and not text.
      c.tally.add(BLOCK_OVERHEAD);
      c.tally.text(str(b.thinking) ?? '');
      return;
    case 'redacted_thinking':
      // Encrypted; its base64 length bounds the bytes (hence tokens) it carries.
      c.tally.add(BLOCK_OVERHEAD + Math.ceil(((str(b.data) ?? '').length * 3) / 4));
      return;
    default:
      c.tally.add(BLOCK_OVERHEAD);
      tallyUnknown(c, b);
  }
}

function tallyContent(c: ClaudeCountContext, content: unknown): void {
  if (typeof content === 'string') c.tally.text(content);
  else for (const block of arr(content)) tallyBlock(c, block);
}

/** Unknown blocks (web search results, code execution results, …): every string and key. */
function tallyUnknown(c: ClaudeCountContext, value: unknown): void {
  tallyWalk(
    c.tally,
    value,
    (text) => {
      const dataUrl = parseDataUrl(text);
      if (dataUrl) tallyFileData(c.tally, text, dataUrl.mediaType, undefined, c.documents);
      else c.tally.text(text);
    },
    // Cache markers steer billing; they are not sent to the model.
    (key) => key === 'cache_control',
  );
}

function tallyTools(c: ClaudeCountContext, body: Json): void {
  const tools = arr(body.tools);
  const mcpServers = arr(body.mcp_servers);
  if (tools.length === 0 && mcpServers.length === 0) return;
  c.tally.add(c.profile.toolSystemPrompt);
  for (const tool of tools) {
    const t = obj(tool);
    if (!t) continue;
    c.tally.add(TOOL_OVERHEAD);
    const type = str(t.type);
    if (type === undefined || type === 'custom') {
      c.tally.json({ name: t.name, description: t.description, input_schema: t.input_schema });
    } else {
      c.tally.json(t);
      c.tally.add(BUILTIN_TOOL_TOKENS);
      c.tally.assume(`Anthropic-defined tool "${type}" charged at an assumed size`);
    }
  }
  for (const server of mcpServers) {
    c.tally.json(server);
    c.tally.add(BUILTIN_TOOL_TOKENS);
    c.tally.assume('tools listed by a remote MCP server not counted');
  }
}

/** Messages API (and count_tokens) bodies. */
export function tallyMessages(c: ClaudeCountContext, body: Json): void {
  c.tally.add(REQUEST_OVERHEAD);
  const system = body.system;
  if (system !== undefined && system !== null) {
    c.tally.add(SYSTEM_OVERHEAD);
    tallyContent(c, system);
  }
  for (const value of arr(body.messages)) {
    const m = obj(value);
    if (!m) continue;
    c.tally.add(MESSAGE_OVERHEAD);
    tallyContent(c, m.content);
  }
  tallyTools(c, body);
}
