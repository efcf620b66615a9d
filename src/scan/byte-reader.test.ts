import { describe, expect, it } from 'vitest';
import { ByteReader } from './byte-reader.js';

/** The same bytes cut into chunks of every small size: reads must not depend on chunking. */
function chunked(text: string, size: number): Buffer[] {
  const buf = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

describe('ByteReader', () => {
  it.each([1, 2, 3, 7, 64])('reads lines, exact sizes and skips across chunks of %i bytes', async (size) => {
    const r = new ByteReader(chunked('abc 5\nhello\nrest of it', size));
    expect(await r.readLine()).toBe('abc 5');
    expect((await r.peek(2)).toString()).toBe('he');
    expect((await r.read(5)).toString()).toBe('hello');
    expect(await r.skip(1)).toBe(1);
    const taken: string[] = [];
    for await (const piece of r.take(4)) taken.push(piece.toString());
    expect(taken.join('')).toBe('rest');
    expect(await r.readLine()).toBe(' of it');
    expect(await r.readLine()).toBeUndefined();
    expect((await r.read(10)).length).toBe(0);
    expect(await r.skip(10)).toBe(0);
  });

  it('reads from an async source', async () => {
    async function* source(): AsyncGenerator<Buffer> {
      yield Buffer.from('12');
      await new Promise((resolve) => setImmediate(resolve));
      yield Buffer.from('345');
    }
    const r = new ByteReader(source());
    expect((await r.read(4)).toString()).toBe('1234');
    expect((await r.read(4)).toString()).toBe('5');
  });
});
