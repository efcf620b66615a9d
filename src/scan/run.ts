import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createReadStream } from 'node:fs';
import { ByteReader } from './byte-reader.js';
import { gitRoot, listHistory, readBlobs } from './git.js';
import { Scanner, type ScannerOptions } from './scanner.js';
import type { Finding, ScanStats } from './types.js';
import { displayPath, walkFiles, type WalkedFile } from './walk.js';

export interface ScanRequest extends ScannerOptions {
  /** Files and directories; each is walked (node_modules, .git… skipped). */
  readonly paths: readonly string[];
  /** Also read the git history (every commit of every ref) of the repositories holding `paths`. */
  readonly git?: boolean;
  readonly cwd?: string;
}

export interface ScanResult {
  readonly findings: Finding[];
  readonly stats: ScanStats;
}

/** Scans the paths (and with `git`, their repositories' history); findings in a stable order. */
export async function scan(request: ScanRequest): Promise<ScanResult> {
  const started = performance.now();
  const cwd = request.cwd ?? process.cwd();
  const scanner = new Scanner(request);
  for (const root of request.paths) await scanTree(scanner, root, cwd);
  if (request.git === true) {
    const roots = new Set<string>();
    for (const path of request.paths) {
      const absolute = resolve(cwd, path);
      roots.add(await gitRoot((await stat(absolute)).isDirectory() ? absolute : dirname(absolute)));
    }
    for (const root of roots) await scanHistory(scanner, root, cwd);
  }
  scanner.stats.elapsedMs = Math.round(performance.now() - started);
  return { findings: scanner.findings, stats: scanner.stats };
}

/** Files read ahead while the current one is scanned: the disk works while the CPU matches. */
const READ_AHEAD = 8;

async function scanTree(scanner: Scanner, root: string, cwd: string): Promise<void> {
  const queue: { file: WalkedFile; content?: Promise<Buffer> }[] = [];
  const next = async (): Promise<void> => {
    const { file, content } = queue.shift()!;
    await scanFile(scanner, file, content);
  };
  for await (const file of walkFiles(root, cwd)) {
    if (scanner.skipsByName(file.display)) continue;
    const content = file.size <= scanner.maxFileBytes ? readFile(file.absolute) : undefined;
    content?.catch(() => undefined); // handled when its turn comes; not an unhandled rejection meanwhile
    queue.push(content === undefined ? { file } : { file, content });
    if (queue.length >= READ_AHEAD) await next();
  }
  while (queue.length > 0) await next();
}

async function scanFile(scanner: Scanner, file: WalkedFile, content: Promise<Buffer> | undefined): Promise<void> {
  const { absolute, display, size } = file;
  try {
    if (content !== undefined) {
      await scanner.scanBuffer(display, await content);
      return;
    }
    // Too big to hold: only an archive (an image tarball) is worth streaming.
    const reader = new ByteReader(createReadStream(absolute) as AsyncIterable<Buffer>);
    try {
      await scanner.scanStream(display, reader, size);
    } finally {
      await reader.close();
    }
  } catch (err) {
    if (typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
    scanner.stats.unreadable++; // removed while scanning, no permission
  }
}

async function scanHistory(scanner: Scanner, root: string, cwd: string): Promise<void> {
  const history = await listHistory(root);
  scanner.stats.gitCommits += history.commits;
  const prefix = displayPath(root, cwd);
  const shown = (path: string): string => (prefix === '.' ? path : `${prefix}/${path}`);
  for await (const { blob, content } of readBlobs(root, history.blobs, scanner.maxFileBytes)) {
    scanner.stats.gitBlobs++;
    const path = shown(blob.path);
    if (content === undefined) scanner.skippedLarge();
    else if (!scanner.skipsByName(path)) await scanner.scanBuffer(path, content, blob.commit);
  }
}
