import { createHash, createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPseudonymizer, loadOrCreatePseudonymSecret } from './pseudonymize.js';

const root = mkdtempSync(join(tmpdir(), 'portcullis-pseudonym-'));
let counter = 0;
const freshDir = () => join(root, `data-${++counter}`);
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('createPseudonymizer', () => {
  const a = createPseudonymizer('secret-a-' + 'x'.repeat(32));
  const b = createPseudonymizer('secret-b-' + 'x'.repeat(32));

  it('is deterministic for one secret', () => {
    expect(a('alice@example.com')).toBe(a('alice@example.com'));
    expect(createPseudonymizer('secret-a-' + 'x'.repeat(32))('alice@example.com')).toBe(a('alice@example.com'));
  });

  it('gives u_ + 32 hex characters that do not contain the id', () => {
    const p = a('alice@example.com');
    expect(p).toMatch(/^u_[0-9a-f]{32}$/);
    expect(p).not.toContain('alice');
  });

  it('differs per secret (keyed), so a list of hashed ids cannot reverse it', () => {
    expect(a('alice@example.com')).not.toBe(b('alice@example.com'));
    const plain = createHash('sha256').update('alice@example.com').digest('hex').slice(0, 32);
    expect(a('alice@example.com')).not.toBe(`u_${plain}`);
  });

  it('is the HMAC-SHA256 of the id under the secret', () => {
    const secret = 'k'.repeat(43);
    const expected = createHmac('sha256', secret).update('user-1', 'utf8').digest('hex').slice(0, 32);
    expect(createPseudonymizer(secret)('user-1')).toBe(`u_${expected}`);
  });

  it('differs per id, including ids that differ only in case or unicode', () => {
    const ids = ['alice', 'Alice', 'alice ', 'álice', 'bob', ''];
    expect(new Set(ids.map(a)).size).toBe(ids.length);
  });
});

describe('loadOrCreatePseudonymSecret', () => {
  it('creates the data dir and a 0600 key file on first use', () => {
    const dir = freshDir();
    const secret = loadOrCreatePseudonymSecret(dir);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    const path = join(dir, 'pseudonym.key');
    expect(readFileSync(path, 'utf8')).toBe(`${secret}\n`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o077).toBe(0);
  });

  it('reuses the same secret on later calls instead of rewriting it', () => {
    const dir = freshDir();
    const first = loadOrCreatePseudonymSecret(dir);
    const mtime = statSync(join(dir, 'pseudonym.key')).mtimeMs;
    const second = loadOrCreatePseudonymSecret(dir);
    expect(second).toBe(first);
    expect(statSync(join(dir, 'pseudonym.key')).mtimeMs).toBe(mtime);
    expect(createPseudonymizer(second)('u')).toBe(createPseudonymizer(first)('u'));
  });

  it('makes a different secret for a different data dir', () => {
    expect(loadOrCreatePseudonymSecret(freshDir())).not.toBe(loadOrCreatePseudonymSecret(freshDir()));
  });

  it('uses an existing key file as is, trimmed', () => {
    const dir = freshDir();
    loadOrCreatePseudonymSecret(dir);
    writeFileSync(join(dir, 'pseudonym.key'), '  operator-provided-secret-0123456789  \n');
    expect(loadOrCreatePseudonymSecret(dir)).toBe('operator-provided-secret-0123456789');
  });

  it('creates the key inside an existing directory', () => {
    const dir = freshDir();
    mkdirSync(dir, { mode: 0o755 });
    const created = loadOrCreatePseudonymSecret(dir);
    expect(created.length).toBe(43);
    expect(readFileSync(join(dir, 'pseudonym.key'), 'utf8').trim()).toBe(created);
  });

  it('throws errors other than a missing file', () => {
    // The data dir path is a regular file: neither reading nor creating the key can work.
    const file = join(root, `not-a-dir-${++counter}`);
    writeFileSync(file, 'x');
    expect(() => loadOrCreatePseudonymSecret(file)).toThrow(/ENOTDIR|EEXIST/);
  });
});
