import type { TextDelta } from '../pipeline/types.js';
import { rewriteAnthropicBody, rewriteAnthropicDelta } from './anthropic/rewrite.js';
import { obj, tryParse, type Json } from './json.js';
import { rewriteChatChunk, rewriteOpenAIBody, rewriteResponsesDelta, rewriteResponsesFullText, textsInOrder } from './openai/rewrite.js';
import type { Route } from './routes.js';
import type { SseEvent } from './sse.js';

export type SentText = (channel: TextDelta['channel'], index: number) => string | undefined;

/**
 * The SSE text to send for an upstream event after the output stages: unchanged when nothing in
 * it was rewritten; otherwise re-serialized with the new delta texts (and, for the Responses
 * API's summary events, with the texts the client was actually sent).
 */
export function rewriteEvent(route: Route, event: SseEvent, texts: readonly string[] | undefined, sent: SentText | undefined): string {
  if (!texts && !sent) return event.raw;
  const data = obj(tryParse(event.data));
  if (!data) return event.raw;
  let changed = texts !== undefined;
  if (texts) {
    const next = textsInOrder(texts);
    if (route.api === 'anthropic') rewriteAnthropicDelta(data, next);
    else if (route.endpoint === 'responses') rewriteResponsesDelta(data, next);
    else rewriteChatChunk(data, next);
  } else if (sent && route.endpoint === 'responses' && event.event !== undefined) {
    changed = rewriteResponsesFullText(event.event, data, sent);
  }
  return changed ? serialize(event.event, data) : event.raw;
}

/** A whole (non-streamed) body with its texts replaced, in the order the adapter read them. */
export function rewriteBody(route: Route, body: Json, texts: readonly string[]): void {
  if (route.api === 'anthropic') rewriteAnthropicBody(body, textsInOrder(texts));
  else rewriteOpenAIBody(route.endpoint, body, textsInOrder(texts));
}

function serialize(name: string | undefined, data: Json): string {
  return `${name === undefined ? '' : `event: ${name}\n`}data: ${JSON.stringify(data)}\n\n`;
}
