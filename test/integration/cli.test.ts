import { sampleAuditEvent } from '../helpers/audit-event.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { hashGatewayKey } from '../../src/secrets/gateway-key.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { createPseudonymizer, loadOrCreatePseudonymSecret } from '../../src/audit/pseudonymize.js';

const dataDir = mkdtempSync(join(tmpdir(), 'pcl-cli-'));
afterAll(() => { rmSync(dataDir, { recursive: true, force: true }); });

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), env: { PORTCULLIS_DATA_DIR: dataDir } };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe('portcullis keys', () => {
  it('creates a key, shows it once, and stores only its hash', async () => {
    const created = await cli('keys', 'create', '--name', 'billing-app', '--env', 'dev', '--user', 'team-a', '--expires', '90d', '--json');
    expect(created.code).toBe(0);
    const { id, key } = JSON.parse(created.out) as { id: string; key: string };
    expect(id).toMatch(/^key_[0-9A-Za-z]{16}$/);
    expect(key).toMatch(/^pcl_dev_[0-9A-Za-z]{43}$/);

    const store = createSqliteStore(join(dataDir, 'portcullis.db'));
    const match = await store.findKeyBySecretHash(hashGatewayKey(key), new Date());
    expect(match?.key).toMatchObject({ id, name: 'billing-app', environment: 'dev', user: 'team-a' });
    const expiresInDays = (Date.parse(match!.key.expiresAt!) - Date.now()) / 86_400_000;
    expect(expiresInDays).toBeGreaterThan(89.9);
    await store.close();

    const listed = await cli('keys', 'list');
    expect(listed.out).toContain(id);
    expect(listed.out).toContain('active');
    expect(listed.out).not.toContain(key);
    const listedJson = await cli('keys', 'list', '--json');
    expect(listedJson.out).not.toContain(key);
  });

  it('prints the key once in text form too', async () => {
    const created = await cli('keys', 'create', '--name', 'text', '--env', 'dev');
    expect(created.out).toMatch(/shown once.*pcl_dev_[0-9A-Za-z]{43}/s);
  });

  it('rotates with a grace period (same id) and revokes', async () => {
    const { id, key } = JSON.parse((await cli('keys', 'create', '--name', 'rot', '--env', 'dev', '--json')).out) as { id: string; key: string };
    const rotated = JSON.parse((await cli('keys', 'rotate', id, '--grace', '24h', '--json')).out) as { id: string; key: string; previousValidUntil: string };
    expect(rotated.id).toBe(id);
    expect(rotated.key).not.toBe(key);
    const store = createSqliteStore(join(dataDir, 'portcullis.db'));
    expect((await store.findKeyBySecretHash(hashGatewayKey(key), new Date()))?.secretValidUntil).toBe(rotated.previousValidUntil);
    expect((await store.findKeyBySecretHash(hashGatewayKey(key), new Date(Date.now() + 25 * 3_600_000)))).toBeUndefined();
    await store.close();

    expect((await cli('keys', 'revoke', id)).code).toBe(0);
    expect((await cli('keys', 'list')).out).toMatch(new RegExp(`${id}.*revoked`));
    expect((await cli('keys', 'rotate', id)).code).toBe(1);
    expect((await cli('keys', 'revoke', 'key_nope')).code).toBe(1);
  });

  it('sets a key\'s own limits and budget', async () => {
    const created = await cli('keys', 'create', '--name', 'limited', '--env', 'dev', '--rpm', '30', '--tpm', '5000', '--max-concurrency', '2', '--budget-usd', '25/month', '--json');
    expect(created.code).toBe(0);
    const { id } = JSON.parse(created.out) as { id: string };
    const store = createSqliteStore(join(dataDir, 'portcullis.db'));
    expect((await store.getKey(id))?.limits).toEqual({ requestsPerMinute: 30, tokensPerMinute: 5000, maxConcurrent: 2, budgetUsd: { amount: 25, period: 'month' } });
    await store.close();
    expect((await cli('keys', 'create', '--name', 'x', '--env', 'dev', '--budget-usd', '25')).code).toBe(2);
    expect((await cli('keys', 'create', '--name', 'x', '--env', 'dev', '--rpm', '-3')).code).toBe(2);
  });

  it('rejects unknown environments and bad usage with exit code 2', async () => {
    expect((await cli('keys', 'create', '--name', 'x', '--env', 'nope')).code).toBe(2);
    expect((await cli('keys', 'create', '--env', 'dev')).code).toBe(2);
    expect((await cli('keys', 'create', '--name', 'x', '--env', 'dev', '--bogus')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    const badDuration = await cli('keys', 'create', '--name', 'x', '--env', 'dev', '--expires', 'soon');
    expect(badDuration.code).toBe(1);
    expect(badDuration.err).toContain('not a duration');
  });
});

describe('portcullis audit', () => {
  it('tails and queries by key, user (raw id or pseudonym) and time', async () => {
    const store = createSqliteStore(join(dataDir, 'portcullis.db'));
    const pseudonym = createPseudonymizer(loadOrCreatePseudonymSecret(dataDir))('carol@example.com');
    const base = sampleAuditEvent({
      requestId: 'req_old',
      keyId: 'key_one',
      user: pseudonym,
      streamed: true,
      tokens: { input: 3, output: 4, cached: null, reasoning: null },
      costUsd: 0.00001,
      latencyMs: 12.5,
      overheadMs: 0.4,
      stages: [],
    });
    await store.appendAudit([base, { ...base, requestId: 'req_new', time: new Date().toISOString(), keyId: 'key_two', user: null }]);
    await store.close();

    const tail = await cli('audit', 'tail', '-n', '2');
    expect(tail.out.indexOf('req_old')).toBeLessThan(tail.out.indexOf('req_new'));
    expect((await cli('audit', 'query', '--key', 'key_one')).out).toContain('req_old');
    expect((await cli('audit', 'query', '--key', 'key_one')).out).not.toContain('req_new');
    expect((await cli('audit', 'query', '--user', 'carol@example.com')).out).toContain('req_old');
    expect((await cli('audit', 'query', '--user', pseudonym, '--json')).out).toContain('"requestId":"req_old"');
    expect((await cli('audit', 'query', '--since', '1h')).out).not.toContain('req_old');
    expect((await cli('audit', 'query', '--since', 'yesterday-ish')).code).toBe(2);
  });
});
