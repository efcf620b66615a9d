import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from '../../src/providers/sse.js';
import { observeAnthropicStream } from '../../src/providers/anthropic/stream.js';
import { observeChatStream, observeResponsesStream } from '../../src/providers/openai/stream.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);

/** Parses a byte stream delivered in the given pieces. */
function parse(bytes: Buffer, cuts: number[]): SseEvent[] {
  const parser = new SseParser();
  const out: SseEvent[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(...parser.push(bytes.subarray(from, cut)));
    from = cut;
  }
  out.push(...parser.push(bytes.subarray(from)), ...parser.end());
  return out;
}

const field = fc.string({ maxLength: 40 }).filter((s) => !/[\r\n]/.test(s));
const event = fc.record({ name: fc.option(field, { nil: undefined }), data: fc.array(field, { minLength: 1, maxLength: 3 }) });
const ending = fc.constantFrom('\n', '\r\n', '\r');

describe('SSE parsing, fuzzed', () => {
  it('gives the same events however the bytes are split, and whatever the line endings', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 8 }), ending, fc.array(fc.nat(), { maxLength: 10 }), (events, eol, rawCuts) => {
        const text = events.map((e) => `${e.name === undefined ? '' : `event: ${e.name}${eol}`}${e.data.map((d) => `data: ${d}`).join(eol)}${eol}${eol}`).join('');
        const bytes = Buffer.from(text, 'utf8');
        const cuts = rawCuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length));
        const whole = parse(bytes, []);
        const split = parse(bytes, cuts);
        expect(split.map((e) => [e.event, e.data])).toEqual(whole.map((e) => [e.event, e.data]));
        expect(whole.map((e) => e.data)).toEqual(events.map((e) => e.data.join('\n')));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('never throws on garbage, and the stream observers survive any event', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.array(fc.nat(), { maxLength: 6 }), (raw, rawCuts) => {
        const bytes = Buffer.from(raw);
        const events = parse(bytes, rawCuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)));
        for (const observer of [
          observeChatStream({ wantText: true, dropUsageChunk: true }),
          observeResponsesStream({ wantText: true, dropUsageChunk: false }),
          observeAnthropicStream({ wantText: true, dropUsageChunk: false }),
        ]) {
          for (const e of events) observer.onEvent(e);
          observer.usage();
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
