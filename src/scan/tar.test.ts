import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ByteReader } from './byte-reader.js';
import { isTarHeader, readTar, TarError } from './tar.js';

const dir = mkdtempSync(join(tmpdir(), 'pcl-tar-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

const longDir = `${'deep-directory-name/'.repeat(8)}end`; // > 100 characters: PAX or GNU long names
mkdirSync(join(dir, 'root', longDir), { recursive: true });
writeFileSync(join(dir, 'root', 'a.txt'), 'alpha\n');
writeFileSync(join(dir, 'root', longDir, 'b.txt'), 'b'.repeat(1500)); // spans blocks, padded
writeFileSync(join(dir, 'root', 'empty'), '');

async function entries(archive: Buffer, chunk: number): Promise<Record<string, string>> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < archive.length; i += chunk) pieces.push(archive.subarray(i, i + chunk));
  const out: Record<string, string> = {};
  for await (const entry of readTar(new ByteReader(pieces))) {
    // Read only part of some bodies: the reader must skip the rest itself.
    const body = await entry.body.read(entry.name.endsWith('b.txt') ? 10 : entry.size);
    out[entry.name] = body.toString();
  }
  return out;
}

describe('readTar', () => {
  it.each(['posix', 'gnu', 'ustar'])('reads the regular files of a %s archive, long names included', async (format) => {
    const file = join(dir, `${format}.tar`);
    const names = format === 'ustar' ? ['a.txt', 'empty'] : ['a.txt', 'empty', longDir];
    execFileSync('tar', ['--format', format, '-cf', file, '-C', join(dir, 'root'), ...names]);
    const archive = readFileSync(file);
    expect(isTarHeader(archive.subarray(0, 512))).toBe(true);
    for (const chunk of [7, 512, 65_536]) {
      const files = await entries(archive, chunk);
      expect(files['a.txt']).toBe('alpha\n');
      expect(files.empty).toBe('');
      if (format !== 'ustar') expect(files[`${longDir}/b.txt`]).toBe('b'.repeat(10));
    }
  });

  it('is not fooled by text, and reports a corrupt header', async () => {
    expect(isTarHeader(Buffer.alloc(512, 'a'))).toBe(false);
    const archive = readFileSync(join(dir, 'posix.tar'));
    const corrupt = Buffer.from(archive);
    corrupt[600] = 0x41; // inside the first body: fine; now break the second header's checksum
    const second = 512 + Math.ceil(6 / 512) * 512;
    corrupt[second + 10] = corrupt[second + 10]! ^ 0xff;
    await expect(entries(corrupt, 512)).rejects.toThrow(TarError);
  });
});
