import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createAuditRecorder } from '../../src/audit/recorder.js';
import { createAuditWriter } from '../../src/store/sqlite/audit-writer.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { sampleAuditEvent } from '../helpers/audit-event.js';
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
  it('a revocation through another connection (the CLI) is seen by the next lookup in a later event-loop turn', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pcl-sqlite-')), 'p.db');
    const gateway = createSqliteStore(path);
    const cli = createSqliteStore(path);
    const { key, record } = await issueKey(cli, { name: 'cached', environment: 'dev' });
    const hash = hashGatewayKey(key);
    expect((await gateway.findKeyBySecretHash(hash, new Date()))?.key.revokedAt).toBeNull();
    expect((await gateway.findKeyBySecretHash(hash, new Date()))?.key.revokedAt).toBeNull(); // from the cache
    await cli.revokeKey(record.id, new Date());
    // The gateway reads the database's version once per event-loop turn (requests arriving in
    // one turn share it); another process's commit is seen from the next turn on.
    await nextTurn();
    expect((await gateway.findKeyBySecretHash(hash, new Date()))?.key.revokedAt).not.toBeNull();
    // A rotated-out secret stops at its grace end even when it was cached.
    const other = await issueKey(cli, { name: 'rot', environment: 'dev' });
    const oldHash = hashGatewayKey(other.key);
    await cli.rotateKey(other.record.id, 'f'.repeat(64), new Date(), new Date(Date.now() + 1000));
    await nextTurn();
    expect(await gateway.findKeyBySecretHash(oldHash, new Date())).toBeDefined();
    expect(await gateway.findKeyBySecretHash(oldHash, new Date(Date.now() + 2000))).toBeUndefined();
    await gateway.close();
    await cli.close();
  });
});

describe('sqlite audit writes from a worker thread', () => {
  const events = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => sampleAuditEvent({ requestId: `${prefix}_${i}` }));

  it('close waits for every batch handed over, so nothing appended is lost on shutdown', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pcl-sqlite-')), 'p.db');
    const store = createSqliteStore(path);
    // Not awaited: close itself must wait for the worker to commit them.
    const writes = [store.appendAudit(events('a', 300)), store.appendAudit(events('b', 200))];
    await store.close();
    await Promise.all(writes);
    const reopened = createSqliteStore(path);
    expect(await reopened.queryAudit({ limit: 1000 })).toHaveLength(500);
    await reopened.close();
  });

  it('a batch that fails is reported, and the writer keeps writing later batches', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pcl-sqlite-')), 'p.db');
    const store = createSqliteStore(path);
    await store.appendAudit(events('first', 1));
    // The table gone (as a full or broken disk would fail a write): the worker's batch fails.
    const other = new Database(path);
    other.exec('ALTER TABLE audit_events RENAME TO audit_events_away');
    await expect(store.appendAudit(events('lost', 2))).rejects.toThrow(/audit write failed/);
    other.exec('ALTER TABLE audit_events_away RENAME TO audit_events');
    other.close();
    await store.appendAudit(events('later', 2));
    expect((await store.queryAudit({ limit: 10 })).map((e) => e.requestId).sort()).toEqual(['first_0', 'later_0', 'later_1']);
    await store.close();
  });

  it('the recorder counts a failed batch as dropped and flushes the rest on close', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pcl-sqlite-')), 'p.db');
    const store = createSqliteStore(path);
    const recorder = createAuditRecorder({ store, logger: undefined, flushIntervalMs: 60_000 });
    recorder.record(sampleAuditEvent({ requestId: 'first' }));
    await recorder.flush();
    const other = new Database(path);
    other.exec('ALTER TABLE audit_events RENAME TO audit_events_away');
    recorder.record(sampleAuditEvent({ requestId: 'lost' }));
    await recorder.flush();
    expect(recorder.dropped).toBe(1);
    other.exec('ALTER TABLE audit_events_away RENAME TO audit_events');
    other.close();
    for (const e of events('kept', 50)) recorder.record(e);
    await recorder.flush();
    await store.close();
    const reopened = createSqliteStore(path);
    const stored = await reopened.queryAudit({ limit: 100 });
    expect(stored).toHaveLength(51);
    // The stored event is the event, field for field.
    expect(stored.find((e) => e.requestId === 'kept_7')).toEqual(sampleAuditEvent({ requestId: 'kept_7' }));
    expect(recorder.dropped).toBe(1);
    await reopened.close();
  });

  it('when the worker cannot run, batches are written on the calling thread instead', async () => {
    const written: (string | null)[][] = [];
    // No such directory: the worker fails to open the database and exits.
    const writer = createAuditWriter({ path: join(tmpdir(), 'pcl-no-such-dir', 'x', 'p.db'), writeHere: (rows) => written.push([...rows]) });
    await writer.append(events('rescued', 2));
    await writer.append(events('after', 1));
    await writer.close();
    expect(written.flat().filter((v) => typeof v === 'string' && /^(rescued|after)_\d$/.test(v))).toEqual(['rescued_0', 'rescued_1', 'after_0']);
  });

  it.each(['normal', 'full'] as const)('writes and acknowledges audit batches with auditSync %s', async (auditSync) => {
    const path = join(mkdtempSync(join(tmpdir(), 'pcl-sync-')), 'p.db');
    const store = createSqliteStore(path, { auditSync });
    await store.appendAudit(events(`sync_${auditSync}`, 3));
    await store.close();
    const reopened = createSqliteStore(path);
    expect((await reopened.queryAudit({})).map((e) => e.requestId).sort()).toEqual([0, 1, 2].map((i) => `sync_${auditSync}_${String(i)}`));
    await reopened.close();
  });

  it('an in-memory database is written on the calling thread (a worker could not share it)', async () => {
    const store = createSqliteStore(':memory:');
    await store.appendAudit(events('mem', 2));
    expect(await store.queryAudit({})).toHaveLength(2);
    await store.close();
  });
});

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
