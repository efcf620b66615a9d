import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSqliteLimitStore } from '../../src/limits/sqlite/sqlite-limit-store.js';
import { limitStoreSuite } from './limit-store-suite.js';

limitStoreSuite('sqlite', () => createSqliteLimitStore(join(mkdtempSync(join(tmpdir(), 'pcl-limits-')), 'l.db')));

describe('sqlite limit store across handles', () => {
  it('two handles on one file (two processes of one machine) share the counters exactly', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pcl-limits-')), 'l.db');
    const a = createSqliteLimitStore(path);
    const b = createSqliteLimitStore(path);
    const spec = { name: 'shared', kind: 'window' as const, limit: 10, amount: 1, windowMs: 60_000 };
    const now = Date.now();
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).admit([spec], randomUUID(), now)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    await a.close();
    await b.close();
    const reopened = createSqliteLimitStore(path);
    expect((await reopened.peek([{ ...spec, amount: 0 }], now))[0]?.used).toBe(10);
    await reopened.close();
  });
});
