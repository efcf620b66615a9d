import type { SseEvent } from './sse.js';

/**
 * Both providers send JSON in every SSE `data:` field; OpenAI's Chat Completions adds the literal
 * `[DONE]`. An event with other data is malformed: relaying it would hand the client's SDK a
 * payload it cannot parse (it would fail with a parse error instead of the API error it knows),
 * and output stages cannot read its text, so it could carry text past them. The stream relay
 * ends such a stream with `upstream_stream_failed` instead.
 *
 * The check is structural (an object's braces at both ends) rather than a full parse: streams
 * without output stages are relayed without parsing each event, and a truncated or garbled event
 * is what an upstream fault produces.
 */
export class SseMalformedError extends Error {
  constructor() {
    super('an upstream SSE event carried data that is not JSON');
    this.name = 'SseMalformedError';
  }
}

export function assertWellFormed(event: SseEvent): void {
  const data = event.data;
  // Comment-only blocks (keep-alive) and events without data carry nothing to parse.
  if (data === '' || data === '[DONE]') return;
  const first = data.trimStart()[0];
  const last = data.trimEnd().at(-1);
  if (first !== '{' || last !== '}') throw new SseMalformedError();
}
