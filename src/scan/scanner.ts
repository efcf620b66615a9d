import { EMPTY_ALLOWLIST, isAllowed, type AllowList } from './allowlist.js';
import { ByteReader } from './byte-reader.js';
import { gunzipChunks } from './gunzip.js';
import { hasBinaryExtension, isBinary, isGzip } from './file-kind.js';
import { fingerprinter, type Fingerprinter } from './fingerprint.js';
import { maskSecret } from './mask.js';
import { findLeaks } from './match.js';
import { advance, START } from './positions.js';
import { embeddedSources } from './source-map.js';
import { isTarHeader, readTar, TarError } from './tar.js';
import { emptyStats, type Finding, type ScanStats } from './types.js';

export interface ScannerOptions {
  readonly allowList?: AllowList;
  readonly fingerprintKey?: string;
  /** Largest file, archive member or blob read into memory; archives stream whatever their size. */
  readonly maxFileBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;
/** image.tar → layer.tar.gz → (gunzip) → files: deeper nesting is not followed. */
const MAX_ARCHIVE_DEPTH = 4;

/**
 * Collects findings from every kind of content: text, source maps, tar archives (plain or
 * gzipped, nested, as `docker save` writes them) and git blobs. The sources (walk.ts, git.ts)
 * feed it; it decides what a piece of content is from its bytes, not its name.
 */
export class Scanner {
  readonly findings: Finding[] = [];
  readonly stats: ScanStats = emptyStats();
  private readonly allowList: AllowList;
  private readonly fingerprint: Fingerprinter;
  readonly maxFileBytes: number;

  constructor(options: ScannerOptions = {}) {
    this.allowList = options.allowList ?? EMPTY_ALLOWLIST;
    this.fingerprint = fingerprinter(options.fingerprintKey);
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  }

  /** Skipped by name (images, fonts, zips…): counted, never read. */
  skipsByName(path: string): boolean {
    if (!hasBinaryExtension(path)) return false;
    this.stats.skippedBinary++;
    return true;
  }

  skippedLarge(): void {
    this.stats.skippedLarge++;
  }

  /** Content held in memory: a small file, a git blob. */
  async scanBuffer(path: string, buf: Buffer, commit?: string, depth = 0): Promise<void> {
    if (isGzip(buf) || isTarHeader(buf.subarray(0, 512))) {
      await this.scanArchive(path, new ByteReader([buf]), commit, depth);
      return;
    }
    this.scanContent(path, buf, commit);
  }

  /** Content as a stream of unknown or large size: an archive, or a member of one. */
  async scanStream(path: string, reader: ByteReader, size: number | undefined, commit?: string, depth = 0): Promise<void> {
    const head = await reader.peek(512);
    if (isGzip(head) || isTarHeader(head)) {
      await this.scanArchive(path, reader, commit, depth);
      return;
    }
    if (size !== undefined && size > this.maxFileBytes) {
      this.skippedLarge();
      return;
    }
    const body = await reader.read(size ?? this.maxFileBytes + 1);
    if (body.length > this.maxFileBytes) {
      this.skippedLarge();
      return;
    }
    this.scanContent(path, body, commit);
  }

  private async scanArchive(path: string, reader: ByteReader, commit: string | undefined, depth: number): Promise<void> {
    if (depth >= MAX_ARCHIVE_DEPTH) {
      this.skippedLarge();
      return;
    }
    const head = await reader.peek(512);
    if (isGzip(head)) {
      const inflated = new ByteReader(gunzipChunks(reader.take(Number.MAX_SAFE_INTEGER)));
      try {
        await this.scanStream(path, inflated, undefined, commit, depth + 1);
      } finally {
        await inflated.close();
      }
      return;
    }
    try {
      for await (const entry of readTar(reader)) {
        const member = `${path}!${entry.name.replace(/^\.\//, '')}`;
        if (this.skipsByName(member)) continue;
        await this.scanStream(member, entry.body, entry.size, commit, depth + 1);
      }
    } catch (err) {
      if (!(err instanceof TarError)) throw err;
      this.stats.unreadable++; // what came before the corrupt header was scanned
    }
  }

  /** Text, a source map, or binary (skipped). */
  private scanContent(path: string, buf: Buffer, commit: string | undefined): void {
    if (isBinary(buf)) {
      this.stats.skippedBinary++;
      return;
    }
    this.stats.files++;
    this.stats.bytes += buf.length;
    const text = buf.toString('utf8');
    const sources = embeddedSources(path, text);
    if (sources === undefined) {
      this.scanText(path, text, commit);
      return;
    }
    for (const source of sources) this.scanText(`${path}!${source.name}`, source.text, commit);
  }

  scanText(path: string, text: string, commit?: string): void {
    let at = START;
    for (const m of findLeaks(text)) {
      const start = advance(text, at, m.start);
      const end = advance(text, start, m.end);
      at = start;
      const secret = text.slice(m.start, m.end);
      const finding: Finding = {
        rule: m.rule,
        path,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        masked: maskSecret(secret),
        fingerprint: this.fingerprint(secret),
        ...(commit === undefined ? {} : { commit }),
      };
      if (isAllowed(this.allowList, finding)) this.stats.allowed++;
      else this.findings.push(finding);
    }
  }
}
