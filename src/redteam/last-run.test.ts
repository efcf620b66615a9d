import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LAST_RUN_FILE, originOnly, readLastRedteamRun, writeLastRedteamRun, type RedteamRunSummary } from './last-run.js';
import { resolveStateDir } from './state.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pcl-state-'));
  dirs.push(d);
  return d;
}

const SUMMARY: RedteamRunSummary = {
  finishedAt: '2026-12-04T16:00:00.000Z',
  target: 'https://gw.example.com',
  api: 'openai',
  attempts: 65,
  blocked: 44,
  harmless: 7,
  succeeded: 14,
  successRate: 0.2154,
};

describe('last red-team run', () => {
  it('round-trips through <stateDir>/redteam-last.json, creating the directory', async () => {
    const dir = join(tempDir(), 'nested', '.portcullis');
    await writeLastRedteamRun(dir, SUMMARY);
    expect(JSON.parse(readFileSync(join(dir, LAST_RUN_FILE), 'utf8'))).toEqual(SUMMARY);
    expect(await readLastRedteamRun(dir)).toEqual(SUMMARY);
  });

  it('stores the target as an origin only, whatever it was given', async () => {
    const dir = tempDir();
    await writeLastRedteamRun(dir, { ...SUMMARY, target: 'https://user:pw@gw.example.com:8443/v1?key=pcl_secret' });
    const raw = readFileSync(join(dir, LAST_RUN_FILE), 'utf8');
    expect(raw).not.toMatch(/pw|pcl_secret|user|\/v1/);
    expect((await readLastRedteamRun(dir))!.target).toBe('https://gw.example.com:8443');
    expect(originOnly('not a url')).toBe('(invalid url)');
  });

  it('reads nothing from a missing, broken or foreign file', async () => {
    const dir = tempDir();
    expect(await readLastRedteamRun(dir)).toBeUndefined();
    writeFileSync(join(dir, LAST_RUN_FILE), '{');
    expect(await readLastRedteamRun(dir)).toBeUndefined();
    writeFileSync(join(dir, LAST_RUN_FILE), JSON.stringify({ ...SUMMARY, api: 'gemini' }));
    expect(await readLastRedteamRun(dir)).toBeUndefined();
    writeFileSync(join(dir, LAST_RUN_FILE), JSON.stringify({ ...SUMMARY, attempts: -1 }));
    expect(await readLastRedteamRun(dir)).toBeUndefined();
  });

  it('resolves the state dir from --state-dir, then PORTCULLIS_STATE_DIR, then ./.portcullis', () => {
    expect(resolveStateDir('/x/flag', { PORTCULLIS_STATE_DIR: '/x/env' }, '/cwd')).toBe('/x/flag');
    expect(resolveStateDir(undefined, { PORTCULLIS_STATE_DIR: '/x/env' }, '/cwd')).toBe('/x/env');
    expect(resolveStateDir(undefined, {}, '/cwd')).toBe('/cwd/.portcullis');
    expect(resolveStateDir(undefined, { PORTCULLIS_STATE_DIR: ' ' }, '/cwd')).toBe('/cwd/.portcullis');
  });
});
