import { sampleAuditEvent } from '../helpers/audit-event.js';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/audit/event.js';
import { issueKey } from '../../src/keys/issue.js';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { PostgresStoreError } from '../../src/store/postgres/redact.js';
import type { Store } from '../../src/store/types.js';
import { storeSuite } from './store-suite.js';

/**
 * Runs against a real server (DESIGN.md §9): DATABASE_URL, e.g.
 * postgres://postgres@127.0.0.1:5432/test. Every store opened here gets a schema of its own,
 * dropped when the file is done.
 */
const url = process.env.DATABASE_URL;
const inCi = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';

if (!url) {
  if (inCi) throw new Error('DATABASE_URL is not set: in CI the PostgreSQL store suite must run, not skip');
  console.warn('test/store/postgres.test.ts skipped: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it against a real PostgreSQL');
  describe.skip('store contract: postgres (DATABASE_URL unset)', () => {
    it('runs against a real PostgreSQL server', () => undefined);
  });
} else {
  const run = `pcl_test_${randomUUID().slice(0, 8)}`;
  const schemas = new Set<string>();
  const stores: Store[] = [];
  let count = 0;

  const open = async (schema = `${run}_${String(++count)}`): Promise<Store> => {
    schemas.add(schema);
    const store = await createPostgresStore({ connectionString: url, schema, poolSize: 4 });
    stores.push(store);
    return store;
  };

  afterAll(async () => {
    // close() is idempotent: stores a failed test left open are closed here, so no handle stays.
    await Promise.all(stores.map((s) => s.close()));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    } finally {
      await admin.end();
    }
  });

  storeSuite('postgres', () => open());

  describe('postgres store', () => {
    const event = (requestId: string, over: Partial<AuditEvent> = {}): AuditEvent =>
      sampleAuditEvent({ requestId, costUsd: null, stages: [], ...over });

    it('instances starting together on a fresh schema migrate it once, and see each other\'s writes', async () => {
      const schema = `${run}_shared`;
      const [gateway, cli] = await Promise.all([open(schema), open(schema), open(schema)]);
      const { record } = await issueKey(cli, { name: 'shared', environment: 'dev' });
      expect((await gateway.getKey(record.id))?.name).toBe('shared');
      await cli.revokeKey(record.id, new Date('2026-05-01T00:00:00Z'));
      expect((await gateway.getKey(record.id))?.revokedAt).toBe('2026-05-01T00:00:00.000Z');
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        const { rows } = await admin.query(`SELECT component, version FROM "${schema}".schema_migrations ORDER BY version`);
        expect(rows).toEqual([
          { component: 'store', version: 1 },
          { component: 'store', version: 2 },
        ]);
      } finally {
        await admin.end();
      }
    });

    it('keeps a batch whose client-chosen strings JSONB cannot hold, and ignores a repeated request id', async () => {
      const store = await open();
      await store.appendAudit([event('req_nul', { model: 'gpt\u0000x' }), event('req_lone', { model: 'a\ud800b' }), event('req_ok', { model: 'ok 😀' })]);
      await store.appendAudit([event('req_ok', { model: 'changed' })]);
      const stored = new Map((await store.queryAudit({})).map((e) => [e.requestId, e.model]));
      expect(stored).toEqual(
        new Map([
          ['req_nul', 'gpt\ufffdx'],
          ['req_lone', 'a\ufffdb'],
          ['req_ok', 'ok 😀'],
        ]),
      );
      await store.appendAudit([]);
    });

    it('keeps a key\'s own limits', async () => {
      const store = await open();
      const { record } = await issueKey(store, { name: 'limited', environment: 'dev' });
      const limited = { ...record, id: `${record.id}_l`, limits: { requestsPerMinute: 60, budgetUsd: { amount: 12.5, period: 'month' as const } } };
      await store.insertKey(limited, 'f'.repeat(64));
      expect(await store.getKey(limited.id)).toEqual(limited);
      expect(await store.getKey(record.id)).toEqual(record);
      const { limits: _none, ...withoutLimits } = { ...record, id: `${record.id}_n` };
      await store.insertKey(withoutLimits, 'e'.repeat(64));
      expect(await store.getKey(withoutLimits.id)).toStrictEqual(withoutLimits);
    });

    it('refuses a bad schema name before touching the database', async () => {
      await expect(createPostgresStore({ connectionString: url, schema: 'x"; DROP TABLE y; --' })).rejects.toBeInstanceOf(PostgresStoreError);
    });

    it('fails with a PostgresStoreError that never shows the password', async () => {
      const err: unknown = await createPostgresStore({ connectionString: 'postgres://portcullis:s3cret-pw%21@127.0.0.1:1/none', schema: `${run}_x` }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(PostgresStoreError);
      const text = `${String(err)} ${JSON.stringify(err)} ${(err as Error).stack ?? ''}`;
      expect(text).not.toContain('s3cret-pw');
      expect((err as Error).message).toMatch(/ECONNREFUSED|connect/);
    });
  });
}
