import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../../../src/keys/issue.js';
import { startMockProvider, type MockProvider } from '../../../src/mock/server.js';
import { createSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/types.js';
import { fakeProviderKey } from '../../helpers/gateway.js';
import { startServe, stopProcess, writeConfig, type ServeProcess } from '../../helpers/serve-process.js';

const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) console.warn('audit-crash (PostgreSQL variant): skipped — set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it');

const BODY = JSON.stringify({ model: 'gpt-4o-mini', max_completion_tokens: 5, messages: [{ role: 'user', content: 'audit me' }] });

/**
 * `kill -9` during load loses no acknowledged audit event. The gateway logs (at debug) the request
 * ids of every batch the store committed; after the kill, each of those must be in the store.
 * Events still queued at the kill were never acknowledged and may be gone: that is the documented
 * window (docs/audit.md).
 */
async function crashUnderLoad(serve: ServeProcess, key: string, wantAcknowledged: number): Promise<string[]> {
  const acknowledged = (): string[] => serve.logLines().flatMap((line) => (Array.isArray(line.auditCommitted) ? (line.auditCommitted as string[]) : []));
  let running = true;
  const loops = Array.from({ length: 16 }, async () => {
    while (running) {
      try {
        const res = await fetch(`${serve.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: BODY,
        });
        await res.text();
      } catch {
        return; // the process is gone
      }
    }
  });
  await serve.until(() => acknowledged().length >= wantAcknowledged);
  // The kill lands while requests are in flight and batches are being queued and written.
  serve.child.kill('SIGKILL');
  await serve.exited;
  running = false;
  await Promise.all(loops);
  return acknowledged();
}

describe('kill -9 during load loses no acknowledged audit event', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcl-audit-crash-'));
  const providerKey = fakeProviderKey();
  let upstream: MockProvider;
  let serve: ServeProcess | undefined;
  const env = { PCL_TEST_PROVIDER_KEY: providerKey, PCL_TEST_PSEUDONYM: 'pseudonym-key-for-tests', PCL_TEST_DATABASE_URL: DATABASE_URL ?? '' };

  const config = (store: Record<string, unknown>, name: string): string =>
    writeConfig(
      dir,
      {
        dataDir: dir,
        store,
        // debug: the "audit batch committed" lines carry the acknowledged request ids.
        log: { level: 'debug' },
        audit: { stdout: false, pseudonymSecret: 'env:PCL_TEST_PSEUDONYM' },
        egress: { allowPrivateNetworks: true },
        environments: {
          dev: {
            providers: { openai: { type: 'openai', baseUrl: upstream.url, apiKey: 'env:PCL_TEST_PROVIDER_KEY' } },
            limits: { perKey: { requestsPerMinute: 1_000_000, maxConcurrent: 10_000 } },
          },
        },
      },
      name,
    );

  beforeAll(async () => {
    upstream = await startMockProvider({ apiKey: providerKey, chunkDelayMs: 1 });
  });
  afterAll(async () => {
    await stopProcess(serve);
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function check(open: () => Promise<Store>, configPath: string): Promise<void> {
    const setup = await open();
    const { key, record } = await issueKey(setup, { name: `crash-${randomUUID()}`, environment: 'dev' });
    await setup.close();
    serve = await startServe({ configPath, env });
    const acknowledged = await crashUnderLoad(serve, key, 200);
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);

    // A restart on the same store finds every acknowledged event (and serves again).
    serve = await startServe({ configPath, env });
    const store = await open();
    try {
      const stored = new Set((await store.queryAudit({ keyId: record.id, limit: 1_000_000 })).map((e) => e.requestId));
      const missing = acknowledged.filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      expect(stored.size).toBeGreaterThanOrEqual(new Set(acknowledged).size);
    } finally {
      await store.close();
      await stopProcess(serve, 'SIGTERM');
    }
  }

  it('SQLite store', async () => {
    const path = join(dir, 'audit.db');
    await check(() => Promise.resolve(createSqliteStore(path)), config({ kind: 'sqlite', path }, 'sqlite.json'));
  }, 90_000);

  it.skipIf(!DATABASE_URL)('PostgreSQL store', async () => {
    const { createPostgresStore } = await import('../../../src/store/postgres/postgres-store.js');
    await check(() => createPostgresStore({ connectionString: DATABASE_URL! }), config({ kind: 'postgres', url: 'env:PCL_TEST_DATABASE_URL' }, 'postgres.json'));
  }, 90_000);
});
