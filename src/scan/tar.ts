import { ByteReader } from './byte-reader.js';

/**
 * A minimal streaming tar reader (POSIX ustar with PAX and GNU long names: what `docker save`,
 * `tar` and OCI layouts write). Yields regular files only; the caller reads or skips each body
 * before asking for the next entry, and the reader skips whatever is left plus the padding.
 */
export interface TarEntry {
  readonly name: string;
  readonly size: number;
}

const BLOCK = 512;

/** True if `block` is a ustar header with a valid checksum: how archives are told from text. */
export function isTarHeader(block: Buffer): boolean {
  if (block.length < BLOCK || block.toString('latin1', 257, 262) !== 'ustar') return false;
  return checksumOk(block);
}

function checksumOk(block: Buffer): boolean {
  const stored = parseOctal(block.subarray(148, 156));
  let sum = 8 * 0x20; // the checksum field counts as spaces
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += block[i]!;
  return stored === sum;
}

function parseOctal(field: Buffer): number {
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

/** Sizes above 8 GiB use GNU base-256: high bit set, big-endian in the remaining bytes. */
function parseSize(field: Buffer): number {
  if ((field[0]! & 0x80) === 0) return parseOctal(field);
  let n = field[0]! & 0x7f;
  for (let i = 1; i < field.length; i++) n = n * 256 + field[i]!;
  return n;
}

function cString(buf: Buffer, start: number, end: number): string {
  const slice = buf.subarray(start, end);
  const nul = slice.indexOf(0);
  return slice.subarray(0, nul === -1 ? slice.length : nul).toString('utf8');
}

/** PAX records: "<len> <key>=<value>\n"; only `path` matters here. */
function paxPath(data: Buffer): string | undefined {
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space === -1) break;
    const len = parseInt(data.toString('latin1', i, space), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const record = data.toString('utf8', space + 1, i + len - 1);
    if (record.startsWith('path=')) return record.slice(5);
    i += len;
  }
  return undefined;
}

export class TarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarError';
  }
}

/**
 * Iterates the archive's regular files. Each entry's `body` reads that member only; whatever the
 * consumer leaves unread is skipped, with the padding, before the next header is read.
 */
export async function* readTar(reader: ByteReader, maxMetaBytes = 1 << 20): AsyncGenerator<TarEntry & { body: ByteReader }> {
  let longName: string | undefined;
  for (;;) {
    const header = await reader.read(BLOCK);
    if (header.length < BLOCK || header.every((b) => b === 0)) return; // end of archive (or truncated)
    if (!checksumOk(header)) throw new TarError('corrupt tar header');
    const size = parseSize(header.subarray(124, 136));
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    const type = String.fromCharCode(header[156]!);
    if (type === 'x' || type === 'L') {
      if (size > maxMetaBytes) throw new TarError('tar metadata entry too large');
      const data = await reader.read(size);
      await reader.skip(padded - size);
      longName = type === 'x' ? (paxPath(data) ?? longName) : cString(data, 0, data.length);
      continue;
    }
    const prefix = header.toString('latin1', 257, 262) === 'ustar' ? cString(header, 345, 500) : '';
    const plain = cString(header, 0, 100);
    const name = longName ?? (prefix === '' ? plain : `${prefix}/${plain}`);
    longName = undefined;
    if (type === '0' || type === '\0' || type === '7') {
      const body = new LimitedReader(reader, size);
      yield { name, size, body: body.reader };
      await body.drain();
      await reader.skip(padded - size);
    } else {
      await reader.skip(padded); // directories, links, devices, global PAX headers
    }
  }
}

/** A view of the next `size` bytes of `parent`; drain() skips what the consumer left. */
class LimitedReader {
  private left: number;
  readonly reader: ByteReader;

  constructor(private readonly parent: ByteReader, size: number) {
    this.left = size;
    this.reader = new ByteReader(this.chunks());
  }

  private async *chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of this.parent.take(this.left)) {
      this.left -= chunk.length;
      yield chunk;
    }
  }

  async drain(): Promise<void> {
    // Whatever the sub-reader buffered was already taken from the parent; skip the rest.
    if (this.left > 0) this.left -= await this.parent.skip(this.left);
  }
}
