/**
 * An incremental parser for server-sent events (WHATWG HTML §9.2). It yields whole events as
 * soon as their terminating blank line arrives, each with its raw text for byte-faithful relay.
 * Line endings are folded to LF (CRLF and CR are equivalent under the spec).
 */
export interface SseEvent {
  /** The `event:` field, or undefined for unnamed events. */
  readonly event: string | undefined;
  /** The `data:` lines joined with LF. */
  readonly data: string;
  /** The event as text, ending in its blank line, ready to write to the client. */
  readonly raw: string;
}

export class SseParser {
  #buffer = '';
  readonly #decoder = new TextDecoder('utf-8');
  /** Bounds the memory one never-ending event may take (malformed or hostile upstream). */
  readonly #maxEventBytes: number;

  constructor(maxEventBytes = 8 * 1024 * 1024) {
    this.#maxEventBytes = maxEventBytes;
  }

  push(chunk: Uint8Array): SseEvent[] {
    return this.#drain(this.#decoder.decode(chunk, { stream: true }));
  }

  /** Called at the end of the stream; an unterminated last event is dropped, as the spec says. */
  end(): SseEvent[] {
    // A CR held back for a possible LF is a line ending after all.
    const rest = this.#decoder.decode();
    if (this.#buffer.endsWith('\r')) this.#buffer = `${this.#buffer.slice(0, -1)}\n`;
    return this.#drain(rest);
  }

  /** Bytes held that do not yet form a whole event. */
  get pending(): number {
    return this.#buffer.length;
  }

  #drain(text: string): SseEvent[] {
    let buffer = this.#buffer + text;
    if (buffer.includes('\r')) {
      // Keep a trailing CR: the LF that may follow it is still on its way.
      const trailingCr = buffer.endsWith('\r');
      buffer = (trailingCr ? buffer.slice(0, -1) : buffer).replace(/\r\n?/g, '\n') + (trailingCr ? '\r' : '');
    }
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const end = buffer.indexOf('\n\n', start);
      if (end === -1) break;
      const block = buffer.slice(start, end);
      start = end + 2;
      const parsed = parseBlock(block);
      if (parsed) events.push(parsed);
    }
    this.#buffer = buffer.slice(start);
    if (this.#buffer.length > this.#maxEventBytes) {
      throw new SseOverflowError(this.#maxEventBytes);
    }
    return events;
  }
}

export class SseOverflowError extends Error {
  constructor(limit: number) {
    super(`an upstream SSE event exceeded ${limit} bytes`);
    this.name = 'SseOverflowError';
  }
}

function parseBlock(block: string): SseEvent | undefined {
  let event: string | undefined;
  let data: string | undefined;
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue; // comments keep connections alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') event = value;
    else if (field === 'data') data = data === undefined ? value : `${data}\n${value}`;
  }
  // A block of only comments is still relayed (keep-alive), as an event with no data.
  return { event, data: data ?? '', raw: `${block}\n\n` };
}
