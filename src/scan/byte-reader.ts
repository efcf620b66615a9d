/**
 * Pull-style reads over a stream of Buffers (a file, a gunzip stream, git's output): exactly n
 * bytes, a line, or a bounded sub-stream. Tar members and git blobs are read this way, so a
 * multi-GB image archive streams through with only one member's bytes held at a time.
 */
export class ByteReader {
  private readonly chunks: Buffer[] = [];
  private available = 0;
  private done = false;
  private readonly source: AsyncIterator<Buffer>;

  constructor(source: AsyncIterable<Buffer> | Iterable<Buffer>) {
    this.source = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : toAsync(source);
  }

  /** Buffers at least `n` bytes if the stream has them; returns how many are available. */
  private async fill(n: number): Promise<number> {
    while (this.available < n && !this.done) {
      const next = await this.source.next();
      if (next.done === true) {
        this.done = true;
      } else if (next.value.length > 0) {
        this.chunks.push(next.value);
        this.available += next.value.length;
      }
    }
    return this.available;
  }

  /** Up to `n` bytes without consuming them (fewer only at the end of the stream). */
  async peek(n: number): Promise<Buffer> {
    await this.fill(n);
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    if (this.chunks.length > 1) this.chunks.splice(0, this.chunks.length, all);
    return all.subarray(0, Math.min(n, all.length));
  }

  /** Exactly `n` bytes, or fewer at the end of the stream. */
  async read(n: number): Promise<Buffer> {
    const head = await this.peek(n);
    this.consume(head.length);
    return head;
  }

  /** A line without its `\n`, or undefined at the end of the stream. */
  async readLine(): Promise<string | undefined> {
    let scanned = 0;
    for (;;) {
      const all = await this.peek(this.available);
      const nl = all.indexOf(0x0a, scanned);
      if (nl !== -1) {
        this.consume(nl + 1);
        return all.subarray(0, nl).toString('utf8');
      }
      scanned = all.length;
      if (this.done) {
        if (all.length === 0) return undefined;
        this.consume(all.length);
        return all.toString('utf8');
      }
      await this.fill(this.available + 1);
    }
  }

  /** Drops `n` bytes; returns how many were there. */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      if (this.available === 0 && (await this.fill(1)) === 0) break;
      const take = Math.min(left, this.available);
      this.consume(take);
      left -= take;
    }
    return n - left;
  }

  /** The next `n` bytes as chunks, consumed as they are yielded (a tar member's body). */
  async *take(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.available === 0 && (await this.fill(1)) === 0) return;
      const first = this.chunks[0]!;
      const piece = first.length <= left ? first : first.subarray(0, left);
      this.consume(piece.length);
      left -= piece.length;
      yield piece;
    }
  }

  /** Stops the source (a gunzip stream, a child's output) when the rest is not wanted. */
  async close(): Promise<void> {
    this.done = true;
    this.chunks.length = 0;
    this.available = 0;
    await this.source.return?.();
  }

  private consume(n: number): void {
    let left = n;
    this.available -= n;
    while (left > 0) {
      const first = this.chunks[0]!;
      if (first.length <= left) {
        this.chunks.shift();
        left -= first.length;
      } else {
        this.chunks[0] = first.subarray(left);
        left = 0;
      }
    }
  }
}

// eslint-disable-next-line @typescript-eslint/require-await -- adapts a sync iterable
async function* toAsync(items: Iterable<Buffer>): AsyncGenerator<Buffer> {
  for (const item of items) yield item;
}
