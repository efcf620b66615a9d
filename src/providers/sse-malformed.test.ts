import { describe, expect, it } from 'vitest';
import { SseParser } from './sse.js';
import { assertWellFormed, SseMalformedError } from './sse-malformed.js';

const events = (text: string) => new SseParser().push(Buffer.from(text));

describe('malformed SSE events', () => {
  it('accepts JSON objects, [DONE], keep-alive comments and named events', () => {
    for (const text of ['data: {"a":1}\n\n', 'data: [DONE]\n\n', ': ping\n\n', 'event: message_stop\ndata: {"type":"message_stop"}\n\n', 'data: {"a":\ndata: 1}\n\n']) {
      for (const event of events(text)) expect(() => { assertWellFormed(event); }).not.toThrow();
    }
  });

  it('refuses data that is not a JSON object: garbage, truncated JSON, bare values', () => {
    for (const text of ['data: hello\n\n', 'data: {"choices":[{"delta":{"content":"x"\n\n', 'data: 42\n\n', 'event: content_block_delta\ndata: oops}\n\n']) {
      const [event] = events(text);
      expect(() => { assertWellFormed(event!); }).toThrow(SseMalformedError);
    }
  });
});
