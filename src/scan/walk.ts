import { lstat, opendir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * Directories never descended into: dependencies (scanned by their own publishers, and huge) and
 * version-control internals (`--git` reads history properly instead). A PATH given explicitly is
 * scanned even inside one of them.
 */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface WalkedFile {
  readonly absolute: string;
  readonly display: string;
  readonly size: number;
}

/** Path for reports: relative to the working directory when inside it, `/`-separated. */
export function displayPath(absolute: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, absolute);
  const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? absolute : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

/** Regular files under `root` (or `root` itself), in name order; symlinks are not followed. */
export async function* walkFiles(root: string, cwd: string = process.cwd()): AsyncGenerator<WalkedFile> {
  const absolute = isAbsolute(root) ? root : join(cwd, root);
  const info = await stat(absolute);
  if (info.isFile()) {
    yield { absolute, display: displayPath(absolute, cwd), size: info.size };
    return;
  }
  if (!info.isDirectory()) return;
  yield* walkDirectory(absolute, cwd);
}

async function* walkDirectory(dir: string, cwd: string): AsyncGenerator<WalkedFile> {
  const entries: { name: string; kind: 'file' | 'dir' }[] = [];
  try {
    for await (const entry of await opendir(dir)) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) entries.push({ name: entry.name, kind: 'dir' });
      } else if (entry.isFile()) {
        entries.push({ name: entry.name, kind: 'file' });
      }
    }
  } catch {
    return; // unreadable directory (permissions, removed while scanning)
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.kind === 'dir') {
      yield* walkDirectory(path, cwd);
      continue;
    }
    const info = await lstat(path).catch(() => undefined);
    if (info?.isFile()) yield { absolute: path, display: displayPath(path, cwd), size: info.size };
  }
}
