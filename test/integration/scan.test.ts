import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { FAKE } from '../../src/detect/secrets/test-fixtures.js';
import { maskSecret } from '../../src/scan/mask.js';

/**
 * The scanner end to end through `portcullis scan`: keys planted in every kind of place it reads
 * (source, .env, config, a minified bundle, a source map, layers of a `docker save` tarball, an
 * old git commit) are found with masked values; a clean tree passes; the allow-list suppresses;
 * SARIF validates against the OASIS 2.1.0 schema; and no output ever holds a planted secret.
 */
const base = mkdtempSync(join(tmpdir(), 'pcl-scan-'));
afterAll(() => { rmSync(base, { recursive: true, force: true }); });

const tree = join(base, 'tree');
const clean = join(base, 'clean');
const repo = join(base, 'repo');

// Azure OpenAI keys are 32 hex characters; assembled so repository scanners skip this file.
const AZURE = ['5d1f7c3a9e0b', '42c8f6a1d9e3', '0b7c4a26'].join('');
const ASSIGNED = ['Qm7', 'vT2xLp9', 'RwZ4sK8nJ'].join(''); // a high-entropy API_KEY value
const { privateKey: SA_PEM } = generateKeyPairSync('rsa', {
  modulusLength: 1024,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const SA_KEY_ID = ['8f14e45fceea167a', '5a36dedd4bea2543', 'a1b2c3d4'].join('');
const LAYER_ID = 'a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4';
const BLOB_ID = 'f1c3ab5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819';

/** What is planted where: path (relative to the scanned root), rule, secret. */
const PLANTED = [
  { path: 'src/client.ts', rule: 'openai-key', secret: FAKE.openaiProject },
  { path: '.env', rule: 'anthropic-key', secret: FAKE.anthropic },
  { path: 'config/gateway.yaml', rule: 'portcullis-key', secret: FAKE.portcullis },
  { path: 'config/azure.json', rule: 'azure-openai-key', secret: AZURE },
  { path: 'config/settings.ini', rule: 'password-assignment', secret: ASSIGNED },
  { path: 'dist/app.min.js', rule: 'openai-key', secret: FAKE.openaiSvc },
  { path: 'dist/app.min.js.map!webpack://shop/src/maps.ts', rule: 'gcp-api-key', secret: FAKE.gcpApiKey },
  { path: `image.tar!${LAYER_ID}/layer.tar!app/.aws/credentials`, rule: 'aws-access-key-id', secret: FAKE.awsKeyId },
  { path: `image.tar!${LAYER_ID}/layer.tar!app/.aws/credentials`, rule: 'aws-secret-key', secret: FAKE.awsSecret },
  { path: `image.tar!blobs/sha256/${BLOB_ID}!srv/gcp/service-account.json`, rule: 'private-key', secret: SA_PEM.trim() },
  { path: `image.tar!blobs/sha256/${BLOB_ID}!srv/gcp/service-account.json`, rule: 'gcp-private-key-id', secret: SA_KEY_ID },
] as const;
const OLD_COMMIT_KEY = FAKE.openaiLegacy;

function write(root: string, path: string, content: string | Buffer): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

function tar(cwd: string, out: string, ...names: string[]): Buffer {
  execFileSync('tar', ['-cf', out, '-C', cwd, ...names]);
  return readFileSync(out);
}

function git(...args: string[]): string {
  return execFileSync('git', ['-C', repo, '-c', 'user.name=Scan Test', '-c', 'user.email=scan@example.test', '-c', 'commit.gpgsign=false', ...args], { encoding: 'utf8' }).trim();
}

let oldCommit = '';

beforeAll(() => {
  write(tree, 'src/client.ts', `import OpenAI from 'openai';\n\nexport const client = new OpenAI({ apiKey: '${FAKE.openaiProject}' });\n`);
  write(tree, '.env', `# local\nANTHROPIC_API_KEY=${FAKE.anthropic}\n`);
  write(tree, 'config/gateway.yaml', `gateway:\n  url: http://localhost:8080\n  key: ${FAKE.portcullis}\n`);
  write(tree, 'config/azure.json', JSON.stringify({ endpoint: 'https://shop.openai.azure.com/', deployment: 'gpt-4o', key: AZURE }, null, 2));
  write(tree, 'config/settings.ini', `[payments]\nAPI_KEY=${ASSIGNED}\n`);
  // A minified bundle: one long line, the key deep inside it.
  write(tree, 'dist/app.min.js', `!function(){"use strict";${'var a=function(b){return b*2};'.repeat(3000)}var k="${FAKE.openaiSvc}";fetch("/v1",{headers:{authorization:"Bearer "+k}})}();\n`);
  // The source map embeds a source whose key the bundle no longer holds (tree-shaken away).
  write(tree, 'dist/app.min.js.map', JSON.stringify({
    version: 3,
    file: 'app.min.js',
    sources: ['webpack://shop/src/index.ts', 'webpack://shop/src/maps.ts'],
    sourcesContent: ['export const x = 1;\n', `// maps\nexport const MAPS_KEY = "${FAKE.gcpApiKey}";\n`],
    mappings: 'AAAA,SAASA',
  }));
  // A `docker save` archive: a legacy layer directory (uncompressed layer.tar) and an OCI blob
  // (gzipped layer), next to the manifest.
  const image = join(base, 'image');
  write(join(base, 'rootfs1'), 'app/.aws/credentials', `[default]\naws_access_key_id = ${FAKE.awsKeyId}\naws_secret_access_key = ${FAKE.awsSecret}\n`);
  write(join(base, 'rootfs1'), 'app/server.js', 'console.log("hi");\n');
  write(image, `${LAYER_ID}/layer.tar`, tar(join(base, 'rootfs1'), join(base, 'layer1.tar'), 'app'));
  write(join(base, 'rootfs2'), 'srv/gcp/service-account.json', JSON.stringify({ type: 'service_account', project_id: 'shop', private_key_id: SA_KEY_ID, private_key: SA_PEM, client_email: 'svc@shop.iam.gserviceaccount.com' }, null, 2));
  write(image, `blobs/sha256/${BLOB_ID}`, gzipSync(tar(join(base, 'rootfs2'), join(base, 'layer2.tar'), 'srv')));
  write(image, 'manifest.json', JSON.stringify([{ Config: 'config.json', RepoTags: ['shop:latest'], Layers: [`${LAYER_ID}/layer.tar`, `blobs/sha256/${BLOB_ID}`] }]));
  tar(image, join(tree, 'image.tar'), 'manifest.json', LAYER_ID, 'blobs');

  // Clean: placeholders, references to env vars, hashes, and a key inside a binary file.
  write(clean, '.env.example', 'OPENAI_API_KEY=sk-...\nANTHROPIC_API_KEY=your-key-here\n');
  write(clean, 'src/client.ts', "export const apiKey = process.env.OPENAI_API_KEY;\nconst password = getPassword();\n");
  // AWS's documented example key id, built at run time so this file itself holds no key-shaped string.
  const awsDocsExample = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
  write(clean, 'README.md', `Set \`AWS_ACCESS_KEY_ID=${awsDocsExample}\` as in the AWS docs; the commit 3f2a9c1b7d4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a fixed it.\n`);
  write(clean, 'assets/logo.bin', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(FAKE.openaiLegacy)]));
  write(clean, 'node_modules/pkg/key.js', `module.exports = "${FAKE.openaiLegacy}";\n`); // dependencies are not scanned

  // A repository whose key was committed, then deleted: only the history holds it.
  mkdirSync(repo);
  git('init', '-q');
  write(repo, 'README.md', '# shop\n');
  write(repo, 'config/old.env', `OPENAI_API_KEY=${OLD_COMMIT_KEY}\n`);
  git('add', '.');
  git('commit', '-qm', 'add config');
  oldCommit = git('rev-parse', 'HEAD');
  git('rm', '-q', 'config/old.env');
  git('commit', '-qm', 'remove the key');
  git('checkout', '-qb', 'feature'); // a second ref: history of every ref is read
});

interface Run { code: number; out: string; err: string }

async function cli(...args: string[]): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env: {} };
  const code = await runCli(['scan', ...args], io);
  return { code, out, err };
}

interface JsonFinding { rule: string; path: string; line: number; column: number; secret: string; fingerprint: string; commit?: string }

function jsonFindings(run: Run): JsonFinding[] {
  return (JSON.parse(run.out) as { findings: JsonFinding[] }).findings;
}

let compiled: ((doc: unknown) => string[]) | undefined;

/** The OASIS SARIF 2.1.0 schema compiled once (it is large); returns the violations. */
function sarifValidator(): (doc: unknown) => string[] {
  compiled ??= compileSarifSchema();
  return compiled;
}

function compileSarifSchema(): (doc: unknown) => string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The schema's formats, checked here without ajv-formats (not a dependency of this project).
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s) && URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/i.test(s) && !Number.isNaN(Date.parse(s)));
  const schema = JSON.parse(readFileSync(new URL('../fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object;
  const validate = ajv.compile(schema);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`));
}

/** No planted secret, nor the part of it the mask hides, in any of the texts. */
function expectNoSecret(...texts: string[]): void {
  const secrets = [...PLANTED.map((p) => p.secret), OLD_COMMIT_KEY];
  for (const text of texts) {
    for (const secret of secrets) {
      expect(text.includes(secret), `a full secret (${maskSecret(secret)}) is in the output`).toBe(false);
      expect(text.includes(secret.slice(6, -2)), `the hidden part of ${maskSecret(secret)} is in the output`).toBe(false);
    }
    for (const line of SA_PEM.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) expect(text.includes(line)).toBe(false);
  }
}

describe('portcullis scan: every kind of place', () => {
  it('finds each planted key with a masked value (JSON), and exits 1', async () => {
    const run = await cli(tree, '--format', 'json');
    expect(run.code).toBe(1);
    const findings = jsonFindings(run);
    for (const planted of PLANTED) {
      const match = findings.find((f) => f.path === `${tree}/${planted.path}` && f.rule === planted.rule);
      expect(match, `${planted.rule} in ${planted.path}`).toBeDefined();
      expect(match!.secret).toBe(maskSecret(planted.secret));
      expect(match!.fingerprint).toMatch(/^[0-9a-f]{24}$/);
    }
    expect(findings).toHaveLength(PLANTED.length); // nothing else: no false positive in the tree
    expect(findings.find((f) => f.path.endsWith('dist/app.min.js'))).toMatchObject({ line: 1 });
    expect(findings.find((f) => f.path.endsWith('dist/app.min.js'))!.column).toBeGreaterThan(90_000);
    expect(findings.find((f) => f.path.endsWith('maps.ts'))).toMatchObject({ line: 2, column: 26 });
    expect(run.err).toMatch(/portcullis scan: 11 findings; \d+ files, [\d.]+ MB in [\d.]+ s \([\d.]+ MB\/s\)/);
    expectNoSecret(run.out, run.err);
  });

  it('prints one grep-friendly line per finding in text format', async () => {
    const run = await cli(tree);
    expect(run.code).toBe(1);
    const lines = run.out.trim().split('\n');
    expect(lines).toHaveLength(PLANTED.length);
    expect(lines).toContainEqual(`${tree}/src/client.ts:3:45  openai-key  OpenAI API key  ${maskSecret(FAKE.openaiProject)}  fingerprint ${lines.find((l) => l.includes('src/client.ts'))!.split('fingerprint ')[1]!}`);
    expectNoSecret(run.out, run.err);
  });

  it('writes SARIF 2.1.0 that validates against the OASIS schema', async () => {
    const out = join(base, 'report.sarif');
    const run = await cli(tree, '--format', 'sarif', '--out', out);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    const text = readFileSync(out, 'utf8');
    const sarif = JSON.parse(text) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; partialFingerprints: Record<string, string> }[]; tool: { driver: { rules: { id: string }[] } } }[] };
    expect(sarifValidator()(sarif)).toEqual([]);
    expect(sarifValidator()({ version: '2.1.0', runs: [{ results: [{ message: {} }] }] }).length).toBeGreaterThan(0); // the check bites
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0]!.results;
    expect(results).toHaveLength(PLANTED.length);
    const ruleIds = sarif.runs[0]!.tool.driver.rules.map((r) => r.id);
    for (const r of results) {
      expect(ruleIds).toContain(r.ruleId);
      expect(r.partialFingerprints['portcullisSecret/v1']).toMatch(/^[0-9a-f]{24}$/);
    }
    expect(results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toContain(`file://${tree}/image.tar!${LAYER_ID}/layer.tar!app/.aws/credentials`);
    expectNoSecret(text, run.err);
  });

  it('passes a clean tree: exit 0, no finding, in every format', async () => {
    const text = await cli(clean);
    expect(text).toMatchObject({ code: 0, out: '' });
    expect(text.err).toContain('0 findings');
    expect(text.err).toContain('skipped 1 binary');
    const json = await cli(clean, '--format', 'json');
    expect(json.code).toBe(0);
    expect(jsonFindings(json)).toEqual([]);
    const sarif = await cli(clean, '--format', 'sarif');
    expect(sarif.code).toBe(0);
    expect(sarifValidator()(JSON.parse(sarif.out))).toEqual([]);
    expectNoSecret(text.out, text.err, json.out, sarif.out);
  });

  it('finds a key that only an old commit holds, with --git only', async () => {
    const tracked = await cli(repo, '--format', 'json');
    expect(tracked.code).toBe(0);
    expect(jsonFindings(tracked)).toEqual([]);
    const history = await cli(repo, '--git', '--format', 'json');
    expect(history.code).toBe(1);
    expect(jsonFindings(history)).toEqual([
      expect.objectContaining({ rule: 'openai-key', path: `${repo}/config/old.env`, line: 1, column: 16, commit: oldCommit, secret: maskSecret(OLD_COMMIT_KEY) }),
    ]);
    expect(history.err).toMatch(/2 commits, \d+ blobs/);
    const text = await cli(repo, '--git');
    expect(text.out).toContain(`config/old.env:1:16  openai-key`);
    expect(text.out).toContain(`commit ${oldCommit.slice(0, 12)}`);
    const sarif = await cli(repo, '--git', '--format', 'sarif');
    expect(sarifValidator()(JSON.parse(sarif.out))).toEqual([]);
    expectNoSecret(tracked.out, history.out, history.err, text.out, sarif.out);
  });
});

describe('portcullis scan: allow-list and usage', () => {
  it('suppresses findings by fingerprint and by path glob (+ rule)', async () => {
    const all = jsonFindings(await cli(tree, '--format', 'json'));
    const bundle = all.find((f) => f.path.endsWith('dist/app.min.js'))!;
    const list = join(base, 'allow.txt');
    writeFileSync(list, [
      '# reviewed 2026-12-04',
      `fingerprint ${bundle.fingerprint}   # rotated; kept in an old bundle`,
      'path **/config/** azure-openai-key,portcullis-key',
      'path **/image.tar!**/credentials', // globs reach into archives
      '',
    ].join('\n'));
    const run = await cli(tree, '--format', 'json', '--allowlist', list);
    expect(run.code).toBe(1);
    const left = jsonFindings(run);
    expect(left.map((f) => f.rule).sort()).toEqual(['anthropic-key', 'gcp-api-key', 'gcp-private-key-id', 'openai-key', 'password-assignment', 'private-key']);
    expect((JSON.parse(run.out) as { stats: { allowed: number } }).stats.allowed).toBe(5);
  });

  it('exits 0 when the allow-list covers every finding', async () => {
    const list = join(base, 'allow-all.txt');
    writeFileSync(list, 'path **\n');
    const run = await cli(tree, '--allowlist', list);
    expect(run.code).toBe(0);
    expect(run.err).toContain(`${String(PLANTED.length)} allowed by the allow-list`);
  });

  it('exits 2 on usage errors', async () => {
    expect((await cli(tree, '--format', 'xml')).code).toBe(2);
    expect((await cli(join(base, 'nope'))).code).toBe(2);
    expect((await cli(clean, '--git')).code).toBe(2); // not a repository
    const bad = join(base, 'bad-allow.txt');
    writeFileSync(bad, 'fingerprint not-hex\n');
    const run = await cli(tree, '--allowlist', bad);
    expect(run.code).toBe(2);
    expect(run.err).toContain('bad-allow.txt:1');
    expect((await cli(tree, '--max-file-mb', '0')).code).toBe(2);
  });
});
