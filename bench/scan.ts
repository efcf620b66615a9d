/**
 * Throughput of `portcullis scan` on a synthetic monorepo: source files, JSON config, minified
 * bundles with their source maps, a `docker save` image tarball (a gzipped and a plain layer),
 * node_modules (skipped) and a few planted keys. Generates the tree in a temp dir (deleted after),
 * scans it twice (cold-ish, then warm page cache) and prints MB/s of content scanned, and MB per
 * CPU-second, which moves much less than wall time when other jobs share the machine.
 * Run: npx tsx bench/scan.ts [--mb 300]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { FAKE } from '../src/detect/secrets/test-fixtures.js';
import { scan } from '../src/scan/run.js';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '300' } } });
const targetBytes = Number(values.mb) * 1e6;

// Deterministic pseudo-random text (mulberry32), so every run scans the same bytes.
let seed = 42;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const WORDS = ['user', 'order', 'item', 'price', 'config', 'request', 'response', 'handler', 'token', 'session', 'value', 'result', 'error', 'cache', 'client', 'apiKey', 'password', 'secret', 'count', 'index'];
const word = (): string => WORDS[Math.floor(rand() * WORDS.length)]!;
const ident = (): string => `${word()}${word().replace(/^./, (c) => c.toUpperCase())}${String(Math.floor(rand() * 100))}`;

function sourceFile(bytes: number): string {
  const lines: string[] = ["import { readFile } from 'node:fs/promises';", ''];
  let size = 0;
  while (size < bytes) {
    const kind = Math.floor(rand() * 6);
    const line =
      kind === 0 ? `export async function ${ident()}(${ident()}: string, ${ident()}: number): Promise<void> {`
      : kind === 1 ? `  const ${ident()} = await ${ident()}.${word()}(${ident()}, { timeout: ${String(Math.floor(rand() * 10_000))} });`
      : kind === 2 ? `  // ${word()} the ${word()} before the ${word()} is ${word()}ed, see #${String(Math.floor(rand() * 9000))}`
      : kind === 3 ? `  if (${ident()} === undefined) throw new Error('${word()} ${word()} missing');`
      : kind === 4 ? `  const ${word()}Key = process.env.${word().toUpperCase()}_API_KEY ?? '';`
      : '}';
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

function bundle(bytes: number): string {
  let out = '!function(e){"use strict";';
  while (out.length < bytes) out += `var ${ident()}=function(t,n){return t.${word()}(n,${String(Math.floor(rand() * 1000))})||"${word()}"};`;
  return `${out}}(window);\n`;
}

function write(root: string, path: string, content: string | Buffer): number {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
  return content.length;
}

const root = mkdtempSync(join(tmpdir(), 'pcl-scan-bench-'));
try {
  const t0 = performance.now();
  let written = 0;
  // ~10 % bundles + maps, ~10 % image tarball, the rest source files of 2–20 KB.
  for (let i = 0; written < targetBytes * 0.1; i++) {
    const js = bundle(2_000_000);
    written += write(root, `apps/web${String(i)}/dist/main.min.js`, js);
    written += write(root, `apps/web${String(i)}/dist/main.min.js.map`, JSON.stringify({ version: 3, sources: ['src/a.ts'], sourcesContent: [sourceFile(200_000)], mappings: 'AAAA' }));
  }
  const layerRoot = join(root, '.bench-layer');
  for (let i = 0; i < 60; i++) write(layerRoot, `app/lib/m${String(i)}.js`, sourceFile(100_000));
  write(layerRoot, 'app/.env', `OPENAI_API_KEY=${FAKE.openaiProject}\n`);
  execFileSync('tar', ['-cf', join(root, '.bench-layer.tar'), '-C', layerRoot, 'app']);
  const layer = readFileSync(join(root, '.bench-layer.tar'));
  const imageDir = join(root, '.bench-image');
  write(imageDir, 'manifest.json', '[]');
  write(imageDir, 'aaaa/layer.tar', layer);
  write(imageDir, 'blobs/sha256/bbbb', gzipSync(layer));
  mkdirSync(join(root, 'deploy'));
  execFileSync('tar', ['-cf', join(root, 'deploy/image.tar'), '-C', imageDir, '.']);
  written += layer.length * 2;
  rmSync(layerRoot, { recursive: true });
  rmSync(imageDir, { recursive: true });
  rmSync(join(root, '.bench-layer.tar'));
  for (let i = 0; i < 50; i++) write(root, `node_modules/dep${String(i)}/index.js`, sourceFile(20_000)); // skipped
  for (let i = 0; written < targetBytes; i++) {
    const pkg = `packages/p${String(i % 400)}`;
    written += write(root, `${pkg}/src/f${String(i)}.ts`, sourceFile(2_000 + Math.floor(rand() * 18_000)));
    if (i % 50 === 0) written += write(root, `${pkg}/config/c${String(i)}.json`, JSON.stringify({ name: pkg, port: 8080 + i, features: Array.from({ length: 50 }, ident) }, null, 2));
  }
  write(root, 'packages/p1/.env', `ANTHROPIC_API_KEY=${FAKE.anthropic}\n`);
  write(root, 'packages/p2/src/leak.ts', `export const k = '${FAKE.portcullis}';\n`);
  console.log(`generated ${(written / 1e6).toFixed(0)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s under ${root}`);

  for (const label of ['first run', 'second run (warm page cache)']) {
    const cpuBefore = process.cpuUsage();
    const { findings, stats } = await scan({ paths: [root] });
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const mb = stats.bytes / 1e6;
    const s = stats.elapsedMs / 1000;
    console.log(
      `${label}: ${String(stats.files)} files/members, ${mb.toFixed(0)} MB of content in ${s.toFixed(2)} s = ${(mb / s).toFixed(1)} MB/s ` +
        `(${cpuSeconds.toFixed(2)} s of CPU = ${(mb / cpuSeconds).toFixed(1)} MB per CPU-second, load average ${loadavg()[0]!.toFixed(1)}); ` +
        `${String(findings.length)} findings (${[...new Set(findings.map((f) => f.rule))].join(', ')}); skipped ${String(stats.skippedBinary)} binary, ${String(stats.skippedLarge)} large`,
    );
  }
  console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${String(cpus().length)} logical cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${new Date().toISOString()}`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
