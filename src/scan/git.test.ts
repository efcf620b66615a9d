import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHistory, readBlobs } from './git.js';

const repo = mkdtempSync(join(tmpdir(), 'pcl-git-'));
afterAll(() => { rmSync(repo, { recursive: true, force: true }); });

function git(...args: string[]): string {
  return execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' }).trim();
}

const ODD_NAME = 'notes "q" \t ünï.txt';

beforeAll(() => {
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'f.txt'), 'base\n');
  writeFileSync(join(repo, ODD_NAME), 'odd\n');
  git('add', '.');
  git('commit', '-qm', 'base');
  git('checkout', '-qb', 'side');
  writeFileSync(join(repo, 'f.txt'), 'side\n');
  git('commit', '-qam', 'side');
  git('checkout', '-q', 'main');
  writeFileSync(join(repo, 'f.txt'), 'main\n');
  git('commit', '-qam', 'main');
  try {
    git('merge', '-q', 'side');
  } catch {
    // the conflict is the point: resolved by hand below
  }
  writeFileSync(join(repo, 'f.txt'), 'resolved in the merge\n');
  git('add', 'f.txt');
  git('commit', '-qm', 'merge');
});

describe('git history', () => {
  it('lists each blob once with the commit that introduced it, merges and odd names included', async () => {
    const history = await listHistory(repo);
    expect(history.commits).toBe(4);
    const merge = git('rev-parse', 'HEAD');
    const contents = new Map<string, { path: string; commit: string }>();
    for await (const { blob, content } of readBlobs(repo, history.blobs, 1 << 20)) contents.set(content!.toString(), { path: blob.path, commit: blob.commit });
    expect([...contents.keys()].sort()).toEqual(['base\n', 'main\n', 'odd\n', 'resolved in the merge\n', 'side\n']);
    expect(contents.get('resolved in the merge\n')).toEqual({ path: 'f.txt', commit: merge });
    expect(contents.get('odd\n')!.path).toBe(ODD_NAME);
  });

  it('skips blobs over the size limit without reading them', async () => {
    const history = await listHistory(repo);
    const read = [];
    for await (const item of readBlobs(repo, history.blobs, 3)) read.push(item);
    expect(read.every((r) => r.content === undefined)).toBe(true);
    expect(read).toHaveLength(history.blobs.length);
  });
});
