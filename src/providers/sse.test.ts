import { describe, expect, it } from 'vitest';
import { SseOverflowError, SseParser, type SseEvent } from './sse.js';

const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);

/** Feeds `input` to a fresh parser in chunks cut at the given byte offsets, then ends it. */
function parseSplit(input: Uint8Array, cuts: readonly number[], maxEventBytes?: number): SseEvent[] {
  const parser = new SseParser(maxEventBytes);
  const events: SseEvent[] = [];
  let previous = 0;
  for (const cut of [...cuts, input.length]) {
    events.push(...parser.push(input.subarray(previous, cut)));
    previous = cut;
  }
  events.push(...parser.end());
  return events;
}

const simplify = (events: readonly SseEvent[]) => events.map((e) => ({ event: e.event, data: e.data }));

describe('SseParser: whole input', () => {
  it('parses named and unnamed events with their raw text', () => {
    const parser = new SseParser();
    const events = parser.push(bytes('event: message_start\ndata: {"a":1}\n\ndata: [DONE]\n\n'));
    expect(events).toEqual([
      { event: 'message_start', data: '{"a":1}', raw: 'event: message_start\ndata: {"a":1}\n\n' },
      { event: undefined, data: '[DONE]', raw: 'data: [DONE]\n\n' },
    ]);
    expect(parser.pending).toBe(0);
  });

  it('joins multi-line data with LF and strips only one leading space of a value', () => {
    const [event] = new SseParser().push(bytes('data: line one\ndata:line two\ndata:   indented\n\n'));
    expect(event?.data).toBe('line one\nline two\n  indented');
  });

  it('treats a field with no colon as a field with an empty value', () => {
    const [event] = new SseParser().push(bytes('data\ndata: x\n\n'));
    expect(event?.data).toBe('\nx');
  });

  it('ignores unknown fields such as id and retry', () => {
    const [event] = new SseParser().push(bytes('id: 7\nretry: 1000\nevent: ping\ndata: {}\n\n'));
    expect(event).toMatchObject({ event: 'ping', data: '{}' });
  });

  it('keeps the colon inside a value', () => {
    const [event] = new SseParser().push(bytes('data: {"url":"https://x"}\n\n'));
    expect(event?.data).toBe('{"url":"https://x"}');
  });

  it('relays a comment-only block (keep-alive) as an event without data, and skips comments inside events', () => {
    const events = new SseParser().push(bytes(': keep-alive\n\n:ping\ndata: hi\n: trailing comment\n\n'));
    expect(events).toEqual([
      { event: undefined, data: '', raw: ': keep-alive\n\n' },
      { event: undefined, data: 'hi', raw: ':ping\ndata: hi\n: trailing comment\n\n' },
    ]);
  });

  it('returns no events and holds the bytes while an event is incomplete', () => {
    const parser = new SseParser();
    expect(parser.push(bytes('data: partial'))).toEqual([]);
    expect(parser.pending).toBe('data: partial'.length);
    expect(parser.push(bytes('\n'))).toEqual([]);
    expect(parser.push(bytes('\n'))).toEqual([{ event: undefined, data: 'partial', raw: 'data: partial\n\n' }]);
    expect(parser.pending).toBe(0);
  });

  it('drops an unterminated last event on end()', () => {
    const parser = new SseParser();
    expect(parser.push(bytes('data: one\n\ndata: cut off'))).toHaveLength(1);
    expect(parser.end()).toEqual([]);
  });

  it('drops an event whose last line ended but whose blank line never came', () => {
    const parser = new SseParser();
    parser.push(bytes('data: almost\n'));
    expect(parser.end()).toEqual([]);
  });

  it('strips a leading UTF-8 byte order mark', () => {
    const input = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('data: x\n\n')]);
    expect(simplify(new SseParser().push(input))).toEqual([{ event: undefined, data: 'x' }]);
  });
});

describe('SseParser: line endings', () => {
  it('treats CRLF like LF and folds raw to LF', () => {
    const events = new SseParser().push(bytes('event: a\r\ndata: 1\r\n\r\ndata: 2\r\n\r\n'));
    expect(events).toEqual([
      { event: 'a', data: '1', raw: 'event: a\ndata: 1\n\n' },
      { event: undefined, data: '2', raw: 'data: 2\n\n' },
    ]);
  });

  it('treats a lone CR as a line ending', () => {
    const events = new SseParser().push(bytes('event: a\rdata: 1\rdata: 2\r\rdata: next\n\n'));
    expect(simplify(events)).toEqual([
      { event: 'a', data: '1\n2' },
      { event: undefined, data: 'next' },
    ]);
  });

  it('accepts mixed line endings in one stream', () => {
    const events = new SseParser().push(bytes('data: a\r\n\ndata: b\n\r\ndata: c\r\r'));
    // The last CR of the input may still be followed by LF, so only the first two are complete.
    expect(simplify(events)).toEqual([
      { event: undefined, data: 'a' },
      { event: undefined, data: 'b' },
    ]);
  });

  it('does not count a CRLF split across chunks as two line endings', () => {
    const parser = new SseParser();
    expect(parser.push(bytes('data: a\r'))).toEqual([]);
    // If the CR had been taken as a line ending, this LF would end the event with an extra blank line.
    expect(parser.push(bytes('\ndata: b\r'))).toEqual([]);
    expect(parser.push(bytes('\n\r'))).toEqual([]);
    expect(simplify(parser.push(bytes('\n')))).toEqual([{ event: undefined, data: 'a\nb' }]);
  });

  it('ends an event on CR CR across a chunk boundary when the next chunk starts a new line', () => {
    const parser = new SseParser();
    expect(parser.push(bytes('data: a\r\r'))).toEqual([]);
    expect(simplify(parser.push(bytes('data: b\r\r')))).toEqual([{ event: undefined, data: 'a' }]);
  });

  it('dispatches a CR-terminated last event at end of stream (WHATWG: CR alone is a line ending)', () => {
    // `data: x CR CR` is a complete event; a trailing CR kept in case LF follows must be
    // treated as a line ending once end() says nothing will follow.
    const parser = new SseParser();
    const events = [...parser.push(bytes('data: x\r\r')), ...parser.end()];
    expect(simplify(events)).toEqual([{ event: undefined, data: 'x' }]);
  });
});

describe('SseParser: chunk boundaries', () => {
  const stream =
    ': hello\n\n' +
    'event: content_block_delta\ndata: {"text":"héllo → 世界 🎉"}\n\n' +
    'data: first\ndata: second\n\n' +
    'data: [DONE]\n\n';
  const input = bytes(stream);
  const expected = simplify(new SseParser().push(input));

  it('parses the reference stream as four events', () => {
    expect(expected).toEqual([
      { event: undefined, data: '' },
      { event: 'content_block_delta', data: '{"text":"héllo → 世界 🎉"}' },
      { event: undefined, data: 'first\nsecond' },
      { event: undefined, data: '[DONE]' },
    ]);
  });

  it('gives the same events when split into two chunks at every byte position', () => {
    for (let cut = 0; cut <= input.length; cut++) {
      expect(simplify(parseSplit(input, [cut])), `cut at byte ${cut}`).toEqual(expected);
    }
  });

  it('gives the same events when fed one byte at a time (multi-byte UTF-8 split)', () => {
    const cuts = Array.from({ length: input.length - 1 }, (_, i) => i + 1);
    const events = parseSplit(input, cuts);
    expect(simplify(events)).toEqual(expected);
    expect(events.map((e) => e.raw).join('')).toBe(stream);
  });

  it('gives the same events for CRLF input split at every byte position', () => {
    const crlf = bytes(stream.replace(/\n/g, '\r\n'));
    for (let cut = 0; cut <= crlf.length; cut++) {
      expect(simplify(parseSplit(crlf, [cut])), `cut at byte ${cut}`).toEqual(expected);
    }
  });

  it('gives the same events for CR input split at every byte position when more follows', () => {
    // A trailing event keeps the last CR of the tested events away from the end of the stream.
    const cr = bytes(`${stream.replace(/\n/g, '\r')}data: tail\n\n`);
    const withTail = [...expected, { event: undefined, data: 'tail' }];
    for (let cut = 0; cut <= cr.length; cut++) {
      expect(simplify(parseSplit(cr, [cut])), `cut at byte ${cut}`).toEqual(withTail);
    }
  });

  it('decodes every multi-byte character split at each of its inner bytes', () => {
    for (const char of ['é', '→', '世', '🎉']) {
      const input = bytes(`data: ${char}\n\n`);
      const charBytes = bytes(char).length;
      for (let inner = 1; inner < charBytes; inner++) {
        const events = parseSplit(input, [6 + inner]);
        expect(events.map((e) => e.data), `${char} split after byte ${inner}`).toEqual([char]);
      }
    }
  });

  it('does not emit U+FFFD for a character split across three chunks', () => {
    const input = bytes('data: 🎉\n\n');
    const events = parseSplit(input, [7, 8, 9]);
    expect(events[0]?.data).toBe('🎉');
    expect(events[0]?.data).not.toContain('\uFFFD');
  });
});

describe('SseParser: overflow', () => {
  it('throws SseOverflowError when an unterminated event exceeds the limit', () => {
    const parser = new SseParser(16);
    expect(parser.push(bytes('data: 123456789'))).toEqual([]); // 15 bytes held
    let thrown: unknown;
    try {
      parser.push(bytes('01'));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(SseOverflowError);
    expect((thrown as Error).name).toBe('SseOverflowError');
    expect((thrown as Error).message).toContain('16');
  });

  it('accepts an unterminated event of exactly the limit', () => {
    const parser = new SseParser(16);
    expect(() => parser.push(bytes('data: 1234567890'))).not.toThrow();
    expect(parser.pending).toBe(16);
  });

  it('does not count complete events against the limit', () => {
    const parser = new SseParser(16);
    const many = 'data: 0123456789\n\n'.repeat(10);
    expect(parser.push(bytes(many))).toHaveLength(10);
    expect(parser.pending).toBe(0);
  });

  it('limits the default size to 8 MiB', () => {
    const parser = new SseParser();
    expect(() => parser.push(bytes(`data: ${'x'.repeat(8 * 1024 * 1024)}`))).toThrow(SseOverflowError);
  });
});
