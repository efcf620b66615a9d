import { describe, expect, it } from 'vitest';
import type { TextDelta } from '../pipeline/types.js';
import type { TextScanner } from '../pipeline/types.js';
import { OutputBuffer, type Release } from './output-buffer.js';

/** Redacts SECRET followed by 4 digits; reports a possible match still being written. */
const secretScanner: TextScanner = {
  stage: 'secrets',
  kind: 'secret',
  blockCode: 'output_blocked',
  holdBackChars: 10,
  scan(window, final) {
    const out = [];
    for (const m of window.matchAll(/SECRET\d{4}/g)) out.push({ start: m.index, end: m.index + m[0].length, rule: 'test-secret', action: 'redact' as const, replacement: '[R]' });
    if (!final) {
      // A tail that could still become a match is held back whole.
      const tail = /S(?:E(?:C(?:R(?:E(?:T\d{0,3})?)?)?)?)?$/.exec(window);
      if (tail) out.push({ start: tail.index, end: window.length, rule: 'partial', action: 'redact' as const, replacement: '' });
    }
    return out;
  },
};

const blockScanner: TextScanner = {
  stage: 'leak',
  kind: 'leak',
  blockCode: 'system_prompt_leak',
  holdBackChars: 8,
  scan: (window) => (window.includes('CANARY') ? [{ start: window.indexOf('CANARY'), end: window.indexOf('CANARY') + 6, rule: 'canary', action: 'block' as const, replacement: '' }] : []),
};

const delta = (text: string, index = 0, channel: TextDelta['channel'] = 'content'): TextDelta => ({ channel, index, text });

/** Feeds chunks, collects what the client would see. */
function run(chunks: readonly string[], scanners: readonly TextScanner[] = [secretScanner]): { seen: string; blocked: boolean } {
  const buffer = new OutputBuffer<number>(scanners, 1000);
  let seen = '';
  const take = (r: ReturnType<typeof buffer.push>): boolean => {
    if (r.type === 'blocked') return false;
    for (const item of r.items) seen += item.texts ? item.texts.join('') : chunks[item.payload]!;
    return true;
  };
  for (const [i, chunk] of chunks.entries()) if (!take(buffer.push(i, [delta(chunk)]))) return { seen, blocked: true };
  if (!take(buffer.flush())) return { seen, blocked: true };
  return { seen, blocked: false };
}

describe('output hold-back buffer', () => {
  it('redacts a match split at every possible chunk boundary, and never releases part of it', () => {
    const text = 'before SECRET1234 after and some more text';
    for (let i = 1; i < text.length; i++) {
      for (let j = i + 1; j <= text.length; j++) {
        const { seen } = run([text.slice(0, i), text.slice(i, j), text.slice(j)].filter(Boolean));
        expect(seen, `split at ${i},${j}`).toBe('before [R] after and some more text');
        expect(seen).not.toContain('SECRET');
      }
    }
  });

  it('releases text as it arrives beyond the hold-back, in order', () => {
    const buffer = new OutputBuffer<number>([secretScanner], 1000);
    const first = buffer.push(0, [delta('a'.repeat(30))]) as Release<number>;
    expect(first.items.map((i) => i.payload)).toEqual([]); // the only event is still within the window's tail
    const second = buffer.push(1, [delta('b'.repeat(30))]) as Release<number>;
    expect(second.items.map((i) => i.payload)).toEqual([0]);
    const rest = buffer.flush() as Release<number>;
    expect(rest.items.map((i) => i.payload)).toEqual([1]);
    expect(buffer.sent('content', 0)).toBe('a'.repeat(30) + 'b'.repeat(30));
  });

  it('keeps events without text in their place', () => {
    const buffer = new OutputBuffer<string>([secretScanner], 1000);
    expect((buffer.push('start', []) as Release<string>).items.map((i) => i.payload)).toEqual(['start']);
    expect((buffer.push('t1', [delta('hello')]) as Release<string>).items).toEqual([]);
    // A later event without text waits behind the held text event.
    expect((buffer.push('finish', []) as Release<string>).items).toEqual([]);
    expect((buffer.flush() as Release<string>).items.map((i) => i.payload)).toEqual(['t1', 'finish']);
  });

  it('keeps channels apart and rewrites each delta of a multi-delta item', () => {
    const buffer = new OutputBuffer<string>([secretScanner], 1000);
    buffer.push('e', [delta('x SECRET9999', 0), delta('y SECRET0000', 1, 'tool_arguments')]);
    const out = buffer.flush() as Release<string>;
    expect(out.items[0]?.texts).toEqual(['x [R]', 'y [R]']);
    expect(buffer.redactions.map((r) => [r.scanner.stage, r.rule, r.action])).toEqual([
      ['secrets', 'test-secret', 'redact'],
      ['secrets', 'test-secret', 'redact'],
    ]);
  });

  it('blocks before any part of a blocked span is released', () => {
    const text = 'hello there, the marker is CANARY and more';
    for (let i = 1; i < text.length; i++) {
      const { seen, blocked } = run([text.slice(0, i), text.slice(i)], [blockScanner]);
      expect(blocked).toBe(true);
      expect(seen).not.toContain('CANARY');
      expect(seen).not.toContain('CAN');
    }
  });

  it('never rewrites reasoning text (providers sign it)', () => {
    const buffer = new OutputBuffer<string>([secretScanner], 1000);
    buffer.push('r', [delta('think SECRET1234', 0, 'reasoning')]);
    expect((buffer.flush() as Release<string>).items[0]?.texts).toBeUndefined();
  });

  it('caps the hold-back at the configured maximum', () => {
    const greedy: TextScanner = { stage: 'g', kind: 'secret', blockCode: 'output_blocked', holdBackChars: 1_000_000, scan: () => [] };
    const buffer = new OutputBuffer<number>([greedy], 5);
    // A 1,000,000-character request is capped at 5: the first 40 characters leave once 40 more came.
    expect((buffer.push(0, [delta('0123456789'.repeat(4))]) as Release<number>).items.map((i) => i.payload)).toEqual([]);
    expect((buffer.push(1, [delta('0123456789'.repeat(4))]) as Release<number>).items.map((i) => i.payload)).toEqual([0]);
  });
});

describe('output hold-back buffer: look-behind context and log-only matches', () => {
  /** Redacts a 6-digit code only when "code:" comes somewhere before it. */
  const lookBehind: TextScanner = {
    stage: 'lb',
    kind: 'secret',
    blockCode: 'output_blocked',
    holdBackChars: 8,
    contextChars: 100,
    scan: (window) => [...window.matchAll(/code:[^\d]{0,60}(\d{6})/g)].map((m) => ({ start: m.index + m[0].length - 6, end: m.index + m[0].length, rule: 'code', action: 'redact' as const, replacement: '[C]' })),
  };

  it('shows released text to scanners that look behind a match', () => {
    const buffer = new OutputBuffer<number>([lookBehind], 1000);
    let seen = '';
    const chunks = ['the code: is coming ', 'a'.repeat(20), ' here 123456 done'];
    for (const [i, chunk] of chunks.entries()) {
      const r = buffer.push(i, [delta(chunk)]) as Release<number>;
      for (const item of r.items) seen += item.texts ? item.texts.join('') : chunks[item.payload]!;
    }
    for (const item of (buffer.flush() as Release<number>).items) seen += item.texts ? item.texts.join('') : chunks[item.payload]!;
    expect(seen).toBe(`the code: is coming ${'a'.repeat(20)} here [C] done`);
  });

  it('records log-only matches without changing the text', () => {
    const logger: TextScanner = { ...secretScanner, scan: (w) => secretScanner.scan(w, true, 'content').map((m) => ({ ...m, action: 'log' as const })) };
    const buffer = new OutputBuffer<number>([logger], 1000);
    buffer.push(0, [delta('x SECRET1234 y')]);
    const out = buffer.flush() as Release<number>;
    expect(out.items[0]?.texts).toBeUndefined();
    expect(buffer.redactions.map((r) => [r.rule, r.action])).toEqual([['test-secret', 'log']]);
  });
});
