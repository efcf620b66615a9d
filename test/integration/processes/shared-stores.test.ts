import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../../../src/keys/issue.js';
import { countInputTokens } from '../../../src/limits/tokens/index.js';
import { priceFor, worstCaseMicroUsd } from '../../../src/limits/pricing/index.js';
import { startMockProvider, type MockProvider } from '../../../src/mock/server.js';
import { ROUTES } from '../../../src/providers/routes.js';
import type { Store } from '../../../src/store/types.js';
import type { KeyLimits } from '../../../src/store/types.js';
import { budgetZoneAwayFromMidnight } from '../../helpers/clock.js';
import { fakeProviderKey } from '../../helpers/gateway.js';
import { redisUrl } from '../../helpers/redis.js';
import { startServe, stopProcess, streamRequest, writeConfig, type ServeProcess } from '../../helpers/serve-process.js';

const REDIS = redisUrl('two gateway processes sharing Redis and PostgreSQL');
const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) console.warn('two gateway processes sharing Redis and PostgreSQL: skipped — set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)');

/**
 * The multi-instance deployment (docs/deploy.md) as two real `portcullis serve` processes: keys
 * and audit in PostgreSQL, counters in Redis. Limits hold exactly across them, and one of them
 * dying mid-stream does not disturb the other.
 */
describe.skipIf(!REDIS || !DATABASE_URL)('two gateway processes sharing Redis and PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcl-shared-'));
  const providerKey = fakeProviderKey();
  let upstream: MockProvider;
  let store: Store;
  const gateways: ServeProcess[] = [];
  const body = { model: 'gpt-4o-mini', max_completion_tokens: 9, messages: [{ role: 'user', content: 'spend a little' }] };

  beforeAll(async () => {
    // Slow streams keep every admitted request in flight at once: no settle frees room mid-test.
    upstream = await startMockProvider({ apiKey: providerKey, chunkDelayMs: 60 });
    const { createPostgresStore } = await import('../../../src/store/postgres/postgres-store.js');
    store = await createPostgresStore({ connectionString: DATABASE_URL! });
    const configPath = writeConfig(dir, {
      dataDir: dir,
      store: { kind: 'postgres', url: 'env:PCL_TEST_DATABASE_URL' },
      log: { level: 'warn' },
      audit: { stdout: false, pseudonymSecret: 'env:PCL_TEST_PSEUDONYM' },
      egress: { allowPrivateNetworks: true },
      limits: { store: { kind: 'redis', url: 'env:PCL_TEST_REDIS_URL', timeoutMs: 1_000 } },
      // A budget day that cannot end mid-burst (at UTC midnight a new day would let more through).
      budgets: { timeZone: budgetZoneAwayFromMidnight() },
      server: { shutdownGraceMs: 0 },
      environments: { dev: { providers: { openai: { type: 'openai', baseUrl: upstream.url, apiKey: 'env:PCL_TEST_PROVIDER_KEY' } } } },
    });
    const env = {
      PCL_TEST_REDIS_URL: REDIS!.replace(/\/$/, ''),
      PCL_TEST_DATABASE_URL: DATABASE_URL!,
      PCL_TEST_PROVIDER_KEY: providerKey,
      PCL_TEST_PSEUDONYM: 'pseudonym-key-for-tests',
    };
    const started = await Promise.all([startServe({ configPath, env }), startServe({ configPath, env })]);
    gateways.push(...started);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(gateways.map((g) => stopProcess(g, 'SIGTERM')));
    await store.close();
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const newKey = async (limits: KeyLimits): Promise<{ key: string; keyId: string }> => {
    const { key, record } = await issueKey(store, { name: `shared-${randomUUID()}`, environment: 'dev', limits });
    return { key, keyId: record.id };
  };

  /** `count` requests at once, alternating between the two processes. */
  const fire = (key: string, count: number, stream: boolean): Promise<number[]> =>
    Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const res = await fetch(`${gateways[i % 2]!.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ ...body, stream }),
        });
        await res.text();
        return res.status;
      }),
    );

  it('a requests-per-minute limit of 10: exactly 10 of 200 parallel requests pass, the rest get 429', async () => {
    const { key } = await newKey({ requestsPerMinute: 10 });
    const statuses = await fire(key, 200, false);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(190);
  }, 60_000);

  it('a budget that fits 10 worst cases: 200 parallel streams never spend past it, and none is refused while room is left', async () => {
    const worstCase = worstCaseMicroUsd(priceFor('gpt-4o-mini')!, countInputTokens(ROUTES.chatCompletions, body).tokens, 9);
    const cap = (10 * worstCase + worstCase / 2) / 1_000_000;
    const { key, keyId } = await newKey({ budgetUsd: { amount: cap, period: 'day' }, requestsPerMinute: 100_000, maxConcurrent: 10_000 });
    const statuses = await fire(key, 200, true);
    // At least the 10 worst cases that fit are admitted. More only when a stream that ended early
    // had settled to its actual (smaller) cost while later requests were still arriving: the
    // exact bound is the spend below, not the count.
    const admitted = statuses.filter((s) => s === 200).length;
    expect(admitted).toBeGreaterThanOrEqual(10);
    expect(admitted).toBeLessThan(200);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 429)).toBe(true);
    // Both processes audit into the one database; every request is there once the batches land.
    let events = await store.queryAudit({ keyId, limit: 1_000 });
    while (events.length < 200) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      events = await store.queryAudit({ keyId, limit: 1_000 });
    }
    expect(events.filter((e) => e.decision === 'allowed')).toHaveLength(admitted);
    const spent = events.reduce((sum, e) => sum + (e.costUsd ?? 0), 0);
    expect(spent).toBeLessThanOrEqual(cap);
  }, 60_000);

  it('killing one process mid-stream: the streams on the other complete, and it keeps serving', async () => {
    const { key } = await newKey({ requestsPerMinute: 100_000, maxConcurrent: 10_000 });
    const long = { ...body, max_completion_tokens: 40, messages: [{ role: 'user', content: Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ') }] };
    const [victim, survivor] = gateways as [ServeProcess, ServeProcess];
    const onVictim = await Promise.all(Array.from({ length: 3 }, () => streamRequest(victim.url, key, long)));
    const onSurvivor = await Promise.all(Array.from({ length: 3 }, () => streamRequest(survivor.url, key, long)));
    victim.child.kill('SIGKILL');
    await victim.exited;
    for (const text of await Promise.all(onSurvivor.map((s) => s.rest))) expect(text).toContain('data: [DONE]');
    // The victim's clients see their connection drop: nothing else.
    const victimResults = await Promise.allSettled(onVictim.map((s) => s.rest));
    expect(victimResults.every((r) => r.status === 'rejected' || !r.value.includes('[DONE]'))).toBe(true);
    const after = await Promise.all(
      [0, 1, 2].map(async () => {
        const res = await fetch(`${survivor.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        await res.text();
        return res.status;
      }),
    );
    expect(after).toEqual([200, 200, 200]);
  }, 60_000);
});
