import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { issueKey } from '../../src/keys/issue.js';
import { hashGatewayKey } from '../../src/secrets/gateway-key.js';
import { storeSuite } from './store-suite.js';

storeSuite('sqlite', () => createSqliteStore(join(mkdtempSync(join(tmpdir(), 'pcl-sqlite-')), 'p.db')));

describe('sqlite store on disk', () => {
  it('keeps keys across reopen, and a second handle (the CLI) sees the running gateway\'s writes', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pcl-sqlite-')), 'nested', 'p.db');
    const gatewayHandle = createSqliteStore(path);
    const cliHandle = createSqliteStore(path);
    const { record } = await issueKey(cliHandle, { name: 'shared', environment: 'dev' });
    expect((await gatewayHandle.getKey(record.id))?.name).toBe('shared');
    await cliHandle.revokeKey(record.id, new Date());
    expect((await gatewayHandle.getKey(record.id))?.revokedAt).not.toBeNull();
    await gatewayHandle.close();
    await cliHandle.close();
    const reopened = createSqliteStore(path);
    expect((await reopened.listKeys()).map((k) => k.id)).toEqual([record.id]);
    await reopened.close();
  });
});

describe('sqlite key lookups are cached, but never stale', () => {
  it('a revocation through another connection (the CLI) is seen by the next lookup', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pcl-sqlite-')), 'p.db');
    const gateway = createSqliteStore(path);
    const cli = createSqliteStore(path);
    const { key, record } = await issueKey(cli, { name: 'cached', environment: 'dev' });
    const hash = hashGatewayKey(key);
    expect((await gateway.findKeyBySecretHash(hash, new Date()))?.key.revokedAt).toBeNull();
    expect((await gateway.findKeyBySecretHash(hash, new Date()))?.key.revokedAt).toBeNull(); // from the cache
    await cli.revokeKey(record.id, new Date());
    expect((await gateway.findKeyBySecretHash(hash, new Date()))?.key.revokedAt).not.toBeNull();
    // A rotated-out secret stops at its grace end even when it was cached.
    const other = await issueKey(cli, { name: 'rot', environment: 'dev' });
    const oldHash = hashGatewayKey(other.key);
    await cli.rotateKey(other.record.id, 'f'.repeat(64), new Date(), new Date(Date.now() + 1000));
    expect(await gateway.findKeyBySecretHash(oldHash, new Date())).toBeDefined();
    expect(await gateway.findKeyBySecretHash(oldHash, new Date(Date.now() + 2000))).toBeUndefined();
    await gateway.close();
    await cli.close();
  });
});
