import type { TextDelta } from '../../pipeline/types.js';
import type { Endpoint } from '../routes.js';
import { arr, obj, type Json } from '../json.js';

/**
 * Writes redacted text back into OpenAI payloads. Each function walks a payload in exactly the
 * order the matching reader (stream.ts, text.ts) extracted its texts, and replaces the non-empty
 * ones in turn, so the i-th replacement lands on the i-th extracted text.
 */
type Texts = { next(original: string): string };

export function textsInOrder(texts: readonly string[]): Texts {
  let i = 0;
  return { next: (original) => (original === '' ? original : (texts[i++] ?? original)) };
}

/** A Chat Completions chunk: per choice, delta content, refusal, then tool-call arguments. */
export function rewriteChatChunk(chunk: Json, texts: Texts): void {
  for (const choiceValue of arr(chunk.choices)) rewriteChatMessage(obj(obj(choiceValue)?.delta), texts);
}

function rewriteChatMessage(message: Json | undefined, texts: Texts): void {
  if (!message) return;
  if (typeof message.content === 'string') message.content = texts.next(message.content);
  if (typeof message.refusal === 'string') message.refusal = texts.next(message.refusal);
  for (const call of arr(message.tool_calls)) {
    const fn = obj(obj(call)?.function);
    if (fn && typeof fn.arguments === 'string') fn.arguments = texts.next(fn.arguments);
  }
}

/** The `delta` of a Responses `*.delta` event. */
export function rewriteResponsesDelta(data: Json, texts: Texts): void {
  if (typeof data.delta === 'string') data.delta = texts.next(data.delta);
}

/**
 * Responses events that repeat an item's whole text once it is done (`response.output_text.done`,
 * `…content_part.done`, `…output_item.done`, and the terminal `response.completed`) get the text
 * the client was actually sent, so a redacted secret does not come back in the summary.
 */
export function rewriteResponsesFullText(name: string, data: Json, sent: (channel: TextDelta['channel'], index: number) => string | undefined): boolean {
  const index = typeof data.output_index === 'number' ? data.output_index : 0;
  const replace = (holder: Json | undefined, field: string, channel: TextDelta['channel'], at: number): boolean => {
    const text = sent(channel, at);
    if (!holder || typeof holder[field] !== 'string' || text === undefined) return false;
    holder[field] = text;
    return true;
  };
  switch (name) {
    case 'response.output_text.done':
      return replace(data, 'text', 'content', index);
    case 'response.refusal.done':
      return replace(data, 'refusal', 'refusal', index);
    case 'response.function_call_arguments.done':
      return replace(data, 'arguments', 'tool_arguments', index);
    case 'response.content_part.done': {
      const part = obj(data.part);
      return replace(part, 'text', 'content', index) || replace(part, 'refusal', 'refusal', index);
    }
    case 'response.output_item.done':
      return rewriteOutputItem(obj(data.item), index, replace);
    case 'response.completed':
    case 'response.incomplete':
    case 'response.failed': {
      let changed = false;
      for (const [i, item] of arr(obj(data.response)?.output).entries()) changed = rewriteOutputItem(obj(item), i, replace) || changed;
      return changed;
    }
    default:
      return false;
  }
}

function rewriteOutputItem(
  item: Json | undefined,
  index: number,
  replace: (holder: Json | undefined, field: string, channel: TextDelta['channel'], at: number) => boolean,
): boolean {
  if (!item) return false;
  let changed = replace(item, 'arguments', 'tool_arguments', index);
  // One message item normally has one text part; its whole text is what the client was sent.
  let first = true;
  for (const partValue of arr(item.content)) {
    const part = obj(partValue);
    if (part?.type === 'output_text' && first) {
      changed = replace(part, 'text', 'content', index) || changed;
      first = false;
    } else if (part?.type === 'refusal') changed = replace(part, 'refusal', 'refusal', index) || changed;
  }
  return changed;
}

/** A whole response body, in the order openaiText() read it. */
export function rewriteOpenAIBody(endpoint: Endpoint, body: Json, texts: Texts): void {
  if (endpoint === 'chat_completions') {
    for (const choiceValue of arr(body.choices)) rewriteChatMessage(obj(obj(choiceValue)?.message), texts);
    return;
  }
  if (endpoint !== 'responses') return;
  for (const itemValue of arr(body.output)) {
    const item = obj(itemValue);
    if (item?.type === 'function_call' && typeof item.arguments === 'string') item.arguments = texts.next(item.arguments);
    for (const partValue of arr(item?.content)) {
      const part = obj(partValue);
      if (part?.type === 'output_text' && typeof part.text === 'string') part.text = texts.next(part.text);
      else if (part?.type === 'refusal' && typeof part.refusal === 'string') part.refusal = texts.next(part.refusal);
    }
  }
  // The SDK convenience field repeats the message text.
  if (typeof body.output_text === 'string') {
    body.output_text = arr(body.output)
      .flatMap((item) => arr(obj(item)?.content))
      .map((part) => {
        const p = obj(part);
        return p?.type === 'output_text' && typeof p.text === 'string' ? p.text : '';
      })
      .join('');
  }
}
