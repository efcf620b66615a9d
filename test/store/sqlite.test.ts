import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { issueKey } from '../../src/keys/issue.js';
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
