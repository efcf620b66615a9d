import { textsInOrder } from '../openai/rewrite.js';
import { arr, obj, type Json } from '../json.js';

type Texts = ReturnType<typeof textsInOrder>;

/**
 * A `content_block_delta`'s text or tool-input JSON, with redactions written back. Thinking is
 * left alone: Anthropic signs thinking blocks, and an edited one is refused when sent back.
 */
export function rewriteAnthropicDelta(data: Json, texts: Texts): void {
  const delta = obj(data.delta);
  if (!delta) return;
  if (delta.type === 'text_delta' && typeof delta.text === 'string') delta.text = texts.next(delta.text);
  else if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') delta.partial_json = texts.next(delta.partial_json);
}

/**
 * A whole Messages response, in the order anthropicText() read it. A tool_use input was read as
 * JSON text; its redacted text is parsed back (a redaction inside a JSON string keeps it valid).
 */
export function rewriteAnthropicBody(body: Json, texts: Texts): void {
  for (const blockValue of arr(body.content)) {
    const block = obj(blockValue);
    if (block?.type === 'text' && typeof block.text === 'string') block.text = texts.next(block.text);
    else if (block?.type === 'tool_use') {
      const original = JSON.stringify(block.input ?? {});
      const rewritten = texts.next(original);
      if (rewritten !== original) block.input = parseOr(rewritten, { redacted: true });
    } else if (block?.type === 'thinking') texts.next(typeof block.thinking === 'string' ? block.thinking : '');
  }
}

function parseOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}
