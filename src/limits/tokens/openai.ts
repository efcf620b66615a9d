import { arr, obj, str, type Json } from '../../providers/json.js';
import { type DocumentCosts, tallyFileData, tallyUnknownDocument, UNKNOWN_DOCUMENT_PAGES } from './documents.js';
import { type ImageDetail, type OpenAIImageRule, openaiImageRule, openaiImageTokens, openaiMaxImageTokens } from './images.js';
import { audioSecondsFromBase64, imageSizeFromBase64, parseDataUrl } from './media.js';
import { tallyWalk, type Tally } from './tally.js';

/*
 * OpenAI input counting. Chat messages follow OpenAI's published recipe ("How to count tokens
 * with tiktoken", openai-cookbook): every message costs 3 tokens of framing plus its role, its
 * content and, when present, its name plus 1; every reply is primed with 3 more. That recipe is
 * exact for text. Everything the recipe does not cover is charged on the high side:
 *
 *  - Tool and function definitions are counted as their compact JSON plus framing. OpenAI renders
 *    them internally in a terser TypeScript-like form, so this is an upper-ish estimate (the
 *    cookbook's own per-property constants are empirical, not documented).
 *  - Structured-output schemas (response_format / text.format) are counted the same way.
 *  - Images follow the documented image rules (images.ts); files and audio are sized from their
 *    data; anything referenced by id or URL costs its documented worst case and is noted.
 */

const MESSAGE_OVERHEAD = 3;
const NAME_OVERHEAD = 1;
const REPLY_PRIMING = 3;
// Framing around the tool block ("# Tools", "namespace functions {", …) and around each tool.
const TOOLS_PREAMBLE = 16;
const TOOL_OVERHEAD = 12;
const TOOL_CALL_OVERHEAD = 8;
const SCHEMA_OVERHEAD = 12;
// Built-in Responses tools (web_search, file_search, code_interpreter, …) add instructions OpenAI
// does not publish; this is a placeholder charge and is noted.
const BUILTIN_TOOL_TOKENS = 1000;
// OpenAI does not publish an audio token rate; prices imply about 10 tokens per second of input
// audio for gpt-4o audio models. Twice that, with the size-based duration erring long.
const AUDIO_TOKENS_PER_SECOND = 20;
const PDF_TEXT_TOKENS_PER_PAGE = 3000;

export interface OpenAICountContext {
  readonly tally: Tally;
  readonly imageRule: OpenAIImageRule;
  readonly documents: DocumentCosts;
}

export function openaiContext(tally: Tally, model: string | undefined, unknownDocumentTokens: number | undefined): OpenAICountContext {
  const imageRule = openaiImageRule(model);
  const imageTokensPerPage = openaiMaxImageTokens(imageRule);
  return {
    tally,
    imageRule,
    documents: {
      textTokensPerPage: PDF_TEXT_TOKENS_PER_PAGE,
      imageTokensPerPage,
      unknownDocumentTokens: unknownDocumentTokens ?? UNKNOWN_DOCUMENT_PAGES * (PDF_TEXT_TOKENS_PER_PAGE + imageTokensPerPage),
    },
  };
}

function detailOf(value: unknown): ImageDetail {
  return value === 'low' || value === 'high' ? value : 'auto';
}

function tallyImageUrl(c: OpenAICountContext, url: string | undefined, detail: ImageDetail): void {
  const dataUrl = url === undefined ? undefined : parseDataUrl(url);
  const size = dataUrl?.base64 ? imageSizeFromBase64(dataUrl.data) : undefined;
  if (!size && !(c.imageRule.kind === 'tile' && detail === 'low')) {
    c.tally.assume(dataUrl ? 'image of unreadable size charged at the documented maximum' : 'image by URL or file id charged at the documented maximum for its detail');
  }
  c.tally.add(openaiImageTokens(c.imageRule, size, detail));
}

function tallyAudio(c: OpenAICountContext, audio: Json | undefined): void {
  const data = str(audio?.data);
  if (data === undefined) {
    c.tally.add(AUDIO_TOKENS_PER_SECOND * 60);
    c.tally.assume('audio without data charged as one minute');
    return;
  }
  c.tally.add(Math.ceil(audioSecondsFromBase64(data, str(audio?.format)) * AUDIO_TOKENS_PER_SECOND));
  c.tally.assume('audio charged by its duration at an assumed token rate');
}

function tallyFile(c: OpenAICountContext, file: Json | undefined): void {
  const data = str(file?.file_data);
  if (data !== undefined) {
    tallyFileData(c.tally, data, '', str(file?.filename), c.documents);
    return;
  }
  tallyUnknownDocument(c.tally, c.documents, str(file?.file_url) !== undefined ? 'file by URL' : 'file by id');
}

/** One content part of a chat message or a Responses message. */
function tallyPart(c: OpenAICountContext, part: unknown): void {
  if (typeof part === 'string') {
    c.tally.text(part);
    return;
  }
  const p = obj(part);
  if (!p) return;
  switch (p.type) {
    case 'text':
    case 'input_text':
    case 'output_text':
    case 'summary_text':
    case 'reasoning_text':
      c.tally.text(str(p.text) ?? '');
      return;
    case 'refusal':
      c.tally.text(str(p.refusal) ?? '');
      return;
    case 'image_url': {
      // Chat: {image_url: {url, detail}} (older clients send the URL as a bare string).
      const image = obj(p.image_url);
      tallyImageUrl(c, image ? str(image.url) : str(p.image_url), detailOf(image?.detail));
      return;
    }
    case 'input_image':
      // Responses: {image_url | file_id, detail}.
      tallyImageUrl(c, str(p.image_url), detailOf(p.detail));
      return;
    case 'input_audio':
      tallyAudio(c, obj(p.input_audio) ?? p);
      return;
    case 'file':
      tallyFile(c, obj(p.file));
      return;
    case 'input_file':
      tallyFile(c, p);
      return;
    default:
      tallyUnknown(c, p);
  }
}

function tallyContent(c: OpenAICountContext, content: unknown): void {
  if (typeof content === 'string') c.tally.text(content);
  else for (const part of arr(content)) tallyPart(c, part);
}

/**
 * Anything of unknown shape is charged by walking it: strings as text (data URLs of images as
 * images), keys as text. Never less than its content.
 */
function tallyUnknown(c: OpenAICountContext, value: unknown): void {
  tallyWalk(c.tally, value, (text) => {
    const dataUrl = parseDataUrl(text);
    if (dataUrl?.mediaType.startsWith('image/')) tallyImageUrl(c, text, 'auto');
    else if (dataUrl) tallyFileData(c.tally, text, dataUrl.mediaType, undefined, c.documents);
    else c.tally.text(text);
  });
}

function tallyToolCalls(c: OpenAICountContext, calls: unknown): void {
  for (const call of arr(calls)) {
    const fn = obj(obj(call)?.function) ?? obj(obj(call)?.custom);
    c.tally.add(TOOL_CALL_OVERHEAD);
    c.tally.text(str(fn?.name) ?? '');
    c.tally.text(str(fn?.arguments) ?? str(fn?.input) ?? '');
  }
}

/** Chat tools (`{type: "function", function: {…}}`, custom tools) and legacy `functions`. */
function tallyChatTools(c: OpenAICountContext, body: Json): void {
  const tools = arr(body.tools);
  const functions = arr(body.functions);
  if (tools.length + functions.length === 0) return;
  c.tally.add(TOOLS_PREAMBLE);
  for (const tool of tools) {
    const t = obj(tool);
    c.tally.add(TOOL_OVERHEAD);
    c.tally.json(t?.function ?? t?.custom ?? tool);
  }
  for (const fn of functions) {
    c.tally.add(TOOL_OVERHEAD);
    c.tally.json(fn);
  }
}

function tallySchema(c: OpenAICountContext, format: unknown): void {
  const f = obj(format);
  if (f?.type !== 'json_schema') return;
  // Chat nests the schema under json_schema; Responses puts it on the format itself.
  c.tally.add(SCHEMA_OVERHEAD);
  c.tally.json(obj(f.json_schema) ?? { name: f.name, description: f.description, schema: f.schema });
}

function tallyMessage(c: OpenAICountContext, role: string, content: unknown, name: string | undefined): void {
  c.tally.add(MESSAGE_OVERHEAD);
  c.tally.text(role);
  if (name !== undefined) {
    c.tally.text(name);
    c.tally.add(NAME_OVERHEAD);
  }
  tallyContent(c, content);
}

export function tallyChatCompletions(c: OpenAICountContext, body: Json): void {
  for (const value of arr(body.messages)) {
    const m = obj(value);
    if (!m) continue;
    tallyMessage(c, str(m.role) ?? '', m.content, str(m.name));
    tallyToolCalls(c, m.tool_calls);
    const fnCall = obj(m.function_call);
    if (fnCall) {
      c.tally.add(TOOL_CALL_OVERHEAD);
      c.tally.text(str(fnCall.name) ?? '');
      c.tally.text(str(fnCall.arguments) ?? '');
    }
    // The id is sent with the result; charging it costs a few tokens and never under-counts.
    c.tally.text(str(m.tool_call_id) ?? '');
    if (obj(m.audio)) c.tally.assume('assistant audio referenced by id not counted');
  }
  c.tally.add(REPLY_PRIMING);
  tallyChatTools(c, body);
  tallySchema(c, obj(body.response_format));
}

function tallyResponsesTools(c: OpenAICountContext, body: Json): void {
  const tools = arr(body.tools);
  if (tools.length === 0) return;
  c.tally.add(TOOLS_PREAMBLE);
  for (const tool of tools) {
    const t = obj(tool);
    c.tally.add(TOOL_OVERHEAD);
    c.tally.json(tool);
    if (t?.type !== 'function' && t?.type !== 'custom') {
      c.tally.add(BUILTIN_TOOL_TOKENS);
      c.tally.assume(`built-in tool "${str(t?.type) ?? 'unknown'}" charged at an assumed size`);
    }
    if (t?.type === 'mcp') c.tally.assume('tools listed by a remote MCP server not counted');
  }
}

function tallyResponsesItem(c: OpenAICountContext, item: unknown): void {
  if (typeof item === 'string') {
    tallyMessage(c, 'user', item, undefined);
    return;
  }
  const i = obj(item);
  if (!i) return;
  const type = str(i.type) ?? (i.role !== undefined ? 'message' : '');
  switch (type) {
    case 'message':
      tallyMessage(c, str(i.role) ?? 'user', i.content, undefined);
      return;
    case 'function_call':
    case 'custom_tool_call':
      c.tally.add(TOOL_CALL_OVERHEAD);
      c.tally.text(str(i.name) ?? '');
      c.tally.text(str(i.arguments) ?? str(i.input) ?? '');
      c.tally.text(str(i.call_id) ?? '');
      return;
    case 'function_call_output':
    case 'custom_tool_call_output':
      c.tally.add(MESSAGE_OVERHEAD);
      c.tally.text(str(i.call_id) ?? '');
      tallyContent(c, i.output);
      return;
    case 'reasoning':
      c.tally.add(MESSAGE_OVERHEAD);
      for (const part of arr(i.summary)) tallyPart(c, part);
      for (const part of arr(i.content)) tallyPart(c, part);
      // Encrypted reasoning is opaque; its base64 length bounds the bytes it carries.
      c.tally.add(Math.ceil(((str(i.encrypted_content) ?? '').length * 3) / 4));
      return;
    case 'item_reference':
      c.tally.assume('item_reference: stored item not counted');
      return;
    default:
      c.tally.add(MESSAGE_OVERHEAD);
      tallyUnknown(c, i);
  }
}

export function tallyResponses(c: OpenAICountContext, body: Json): void {
  const instructions = str(body.instructions);
  if (instructions !== undefined) tallyMessage(c, 'developer', instructions, undefined);
  const input = body.input;
  if (typeof input === 'string') tallyMessage(c, 'user', input, undefined);
  else for (const item of arr(input)) tallyResponsesItem(c, item);
  c.tally.add(REPLY_PRIMING);
  tallyResponsesTools(c, body);
  tallySchema(c, obj(obj(body.text)?.format));
  if (body.previous_response_id !== undefined && body.previous_response_id !== null) {
    c.tally.assume('previous_response_id: the stored conversation is not counted');
  }
  if (body.conversation !== undefined && body.conversation !== null) c.tally.assume('conversation: the stored conversation is not counted');
  if (body.prompt !== undefined && body.prompt !== null) c.tally.assume('prompt template: the stored prompt is not counted');
}

/**
 * Embeddings input: a string, an array of strings, an array of token ids or an array of such
 * arrays (already tokenized: their length is the count). No chat framing applies.
 */
export function tallyEmbeddings(c: OpenAICountContext, body: Json): void {
  const input = body.input;
  if (typeof input === 'string') {
    c.tally.text(input);
    return;
  }
  const items = arr(input);
  if (items.length > 0 && items.every((x) => typeof x === 'number')) {
    c.tally.add(items.length);
    return;
  }
  for (const item of items) {
    if (typeof item === 'string') c.tally.text(item);
    else c.tally.add(arr(item).length);
  }
}
