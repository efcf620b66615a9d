import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const CHILD = fileURLToPath(new URL('./lazy/child.ts', import.meta.url));

/**
 * "An unused cloud SDK costs nothing": a real process, with a module resolve hook that records
 * every @aws-sdk/@azure/@google-cloud package it imports (test/secrets/lazy/record-imports.mjs).
 */
describe('secrets-manager SDKs are loaded lazily', () => {
  it('starts and serves with every manager configured but only env: keys without importing any SDK, and imports one on its first read', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pcl-lazy-'));
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, LAZY_TEST_DATA_DIR: dataDir }, timeout: 60_000 });
      const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { health: number; afterStart: string[]; afterAwsRead: string[] };
      expect(result.health).toBe(200);
      expect(result.afterStart).toEqual([]);
      // The hook does see an SDK import: the first aws: read brings in the AWS client, and only it.
      expect(result.afterAwsRead).toContain('@aws-sdk/client-secrets-manager');
      expect(result.afterAwsRead.some((s) => s.startsWith('@azure/') || s.startsWith('@google-cloud/'))).toBe(false);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
