import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { ByteReader } from './byte-reader.js';
import { SKIPPED_DIRECTORIES } from './walk.js';

const run = promisify(execFile);

export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

/** The top level of the work tree containing `dir`. */
export async function gitRoot(dir: string): Promise<string> {
  try {
    const { stdout } = await run('git', ['-C', dir, 'rev-parse', '--show-toplevel']);
    return stdout.trim();
  } catch {
    throw new GitError(`--git: ${dir} is not inside a git repository (or git is not installed)`);
  }
}

export interface HistoryBlob {
  readonly sha: string;
  readonly path: string;
  /** The oldest commit (of every branch, tag and stash) whose change wrote this blob. */
  readonly commit: string;
}

export interface History {
  readonly commits: number;
  readonly blobs: HistoryBlob[];
}

const ZERO = /^0+$/;
const RAW = /^:(\d{6}) (\d{6}) ([0-9a-f]{40,64}) ([0-9a-f]{40,64}) ([A-Z])\d*\t(.*)$/;

/**
 * Every blob any commit added or changed, once: `git log --all --raw` oldest first, so each blob is
 * attributed to the commit that introduced it, and a blob seen again (reverted, copied, merged) is
 * not read twice. Merge commits are diffed against each parent (`-m`), so a secret added while
 * resolving a conflict is found too. Paths under node_modules/.git-like directories are skipped
 * as in the file walk; submodules and symlinks hold no file content.
 */
export async function listHistory(root: string): Promise<History> {
  const child = spawn(
    'git',
    ['-C', root, '-c', 'core.quotePath=false', 'log', '--all', '-m', '--no-renames', '--raw', '--no-abbrev', '--reverse', '--format=%x01%H'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = exitCode(child);
  const seen = new Set<string>();
  const blobs: HistoryBlob[] = [];
  const commits = new Set<string>();
  let commit = '';
  for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
    if (line.startsWith('\x01')) {
      commit = line.slice(1);
      commits.add(commit);
      continue;
    }
    const m = RAW.exec(line);
    if (!m) continue;
    const [, , newMode, , sha, status, rawPath] = m as unknown as [string, string, string, string, string, string, string];
    if (status === 'D' || ZERO.test(sha) || newMode === '160000' || newMode === '120000' || seen.has(sha)) continue;
    const path = unquote(rawPath);
    if (path.split('/').some((segment) => SKIPPED_DIRECTORIES.has(segment))) continue;
    seen.add(sha);
    blobs.push({ sha, path, commit });
  }
  const code = await exited;
  if (code !== 0 && commits.size > 0) throw new GitError(`git log failed in ${root} (exit ${String(code)})`);
  return { commits: commits.size, blobs }; // a repository without commits has no history
}

/** core.quotePath=false leaves only control characters, `"` and `\` quoted, C style. */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, -1);
  const named: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(named[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Reads blobs through one `git cat-file --batch`: requests are written as answers are read, so
 * neither side's pipe fills. Blobs larger than `maxBytes` are skipped unread (`content` undefined).
 */
export async function* readBlobs(
  root: string,
  blobs: readonly HistoryBlob[],
  maxBytes: number,
): AsyncGenerator<{ blob: HistoryBlob; size: number; content?: Buffer }> {
  const child = spawn('git', ['-C', root, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = exitCode(child);
  const writing = (async () => {
    for (const blob of blobs) {
      if (!child.stdin.write(`${blob.sha}\n`)) await new Promise((resolve) => child.stdin.once('drain', resolve));
    }
    child.stdin.end();
  })().catch(() => undefined); // git went away: the reads below notice
  const reader = new ByteReader(child.stdout as AsyncIterable<Buffer>);
  try {
    for (const blob of blobs) {
      const header = await reader.readLine();
      if (header === undefined) throw new GitError(`git cat-file ended early in ${root}`);
      const [, type, sizeText] = header.split(' ');
      if (type === 'missing' || sizeText === undefined) continue;
      const size = Number(sizeText);
      if (size > maxBytes) {
        await reader.skip(size + 1);
        yield { blob, size };
        continue;
      }
      const content = await reader.read(size);
      await reader.skip(1); // the newline after each object
      yield { blob, size, content };
    }
  } finally {
    child.stdin.destroy();
    child.kill();
    await writing;
    await exited;
  }
}

function exitCode(child: ReturnType<typeof spawn>): Promise<number> {
  return new Promise((resolve) => {
    child.stderr?.resume(); // drained, never shown: it may name paths, never secrets, but is noise
    child.on('error', () => { resolve(-1); });
    child.on('close', (code) => { resolve(code ?? -1); });
  });
}
