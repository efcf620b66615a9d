import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { FAKE } from '../detect/secrets/test-fixtures.js';
import { parseAllowList } from './allowlist.js';
import { ByteReader } from './byte-reader.js';
import { fingerprinter } from './fingerprint.js';
import { Scanner } from './scanner.js';

const dir = mkdtempSync(join(tmpdir(), 'pcl-scanner-'));
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

function tarOf(name: string, files: Record<string, string | Buffer>): Buffer {
  const root = join(dir, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  execFileSync('tar', ['-cf', `${root}.tar`, '-C', root, ...Object.keys(files)]);
  return readFileSync(`${root}.tar`);
}

describe('Scanner', () => {
  it('reports line and column in a minified bundle with one very long line', async () => {
    const s = new Scanner();
    const before = `!function(){var a=${'"x",'.repeat(50_000)}k="`;
    await s.scanBuffer('dist/app.min.js', Buffer.from(`/* banner */\n${before}${FAKE.openaiLegacy}";}();`));
    expect(s.findings).toMatchObject([{ rule: 'openai-key', path: 'dist/app.min.js', line: 2, column: before.length + 1 }]);
    expect(s.findings[0]!.endColumn - s.findings[0]!.column).toBe(FAKE.openaiLegacy.length);
  });

  it('scans the sources embedded in a source map, with their own names and lines', async () => {
    const map = { version: 3, sources: ['webpack://app/src/a.ts', 'webpack://app/src/config.ts'], sourcesContent: ['export {};\n', `// config\n\nexport const key = "${FAKE.anthropic}";\n`], mappings: 'AAAA' };
    const s = new Scanner();
    await s.scanBuffer('dist/app.js.map', Buffer.from(JSON.stringify(map)));
    expect(s.findings).toMatchObject([{ rule: 'anthropic-key', path: 'dist/app.js.map!webpack://app/src/config.ts', line: 3, column: 21 }]);
  });

  it('skips binary content and counts it', async () => {
    const s = new Scanner();
    await s.scanBuffer('blob.bin', Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(FAKE.openaiLegacy)]));
    expect(s.findings).toEqual([]);
    expect(s.stats.skippedBinary).toBe(1);
    expect(s.skipsByName('logo.png')).toBe(true);
  });

  it('walks nested and gzipped archives, streaming them when larger than the in-memory limit', async () => {
    const layer = tarOf('layer', { 'app/.env': `OPENAI_API_KEY=${FAKE.openaiSvc}\n`, 'app/big.txt': 'z'.repeat(5000) });
    const image = tarOf('image', { 'manifest.json': '[]', 'blobs/sha256/0a1b': gzipSync(layer) });
    for (const maxFileBytes of [1 << 20, 1024]) {
      const s = new Scanner({ maxFileBytes });
      const pieces = [image.subarray(0, 700), image.subarray(700)];
      await s.scanStream('image.tar', new ByteReader(pieces), image.length);
      expect(s.findings).toMatchObject([{ rule: 'openai-key', path: 'image.tar!blobs/sha256/0a1b!app/.env', line: 1, column: 16 }]);
      expect(s.stats.skippedLarge).toBe(maxFileBytes === 1024 ? 1 : 0); // big.txt
    }
  });

  it('scans what precedes a corrupt archive member and counts the archive as unreadable', async () => {
    const archive = tarOf('broken', { 'a.env': `KEY=${FAKE.gcpApiKey}\n`, 'b.env': 'B=1\n' });
    archive[1044] = archive[1044]! ^ 0xff; // the second header
    const s = new Scanner();
    await s.scanBuffer('broken.tar', archive);
    expect(s.findings.map((f) => f.rule)).toEqual(['gcp-api-key']);
    expect(s.stats.unreadable).toBe(1);
  });

  it('ends a corrupt gzip stream quietly and scans the next file', async () => {
    const gz = gzipSync(Buffer.from(`KEY=${FAKE.gcpApiKey}\n`.repeat(200)));
    const s = new Scanner();
    await s.scanBuffer('broken.gz', Buffer.concat([gz.subarray(0, 20), Buffer.alloc(200, 0x55)]));
    await s.scanBuffer('next.env', Buffer.from(`KEY=${FAKE.gcpApiKey}\n`));
    expect(s.findings.map((f) => f.path)).toEqual(['next.env']);
  });

  it('drops allow-listed findings and counts them', () => {
    const allowList = parseAllowList(`fingerprint ${fingerprinter()(FAKE.stripe)}\npath fixtures/** github-token`);
    const s = new Scanner({ allowList });
    s.scanText('src/pay.ts', `stripe(${JSON.stringify(FAKE.stripe)})`);
    s.scanText('fixtures/gh.txt', FAKE.githubPat);
    s.scanText('src/gh.txt', FAKE.githubPat);
    expect(s.findings.map((f) => f.path)).toEqual(['src/gh.txt']);
    expect(s.stats.allowed).toBe(2);
  });
});
