import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../../src/keys/issue.js';
import { countInputTokens } from '../../src/limits/tokens/index.js';
import { priceFor, worstCaseMicroUsd } from '../../src/limits/pricing/index.js';
import { startMockProvider, type MockProvider } from '../../src/mock/server.js';
import { ROUTES } from '../../src/providers/routes.js';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { fakeProviderKey } from '../helpers/gateway.js';
import { budgetZoneAwayFromMidnight } from '../helpers/clock.js';
import { redisUrl } from '../helpers/redis.js';

const REDIS = redisUrl('two gateway processes sharing Redis');

/** A real `portcullis serve` process (from source, through tsx) on a free port. */
async function startProcess(configPath: string, env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--config', configPath, '--port', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // never leave a half-started gateway behind
      reject(new Error(`gateway did not start: ${out}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /portcullis listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => { reject(new Error(`gateway exited (${code}): ${out}`)); });
  });
  return { url, child };
}

describe.skipIf(!REDIS)('two gateway processes sharing Redis hold limits and budgets exactly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcl-multi-'));
  const providerKey = fakeProviderKey();
  const prefix = `test-${randomUUID()}`;
  let upstream: MockProvider;
  const processes: ChildProcess[] = [];
  const urls: string[] = [];
  const body = { model: 'gpt-4o-mini', max_completion_tokens: 9, messages: [{ role: 'user', content: 'spend a little' }] };
  const worstCase = worstCaseMicroUsd(priceFor('gpt-4o-mini')!, countInputTokens(ROUTES.chatCompletions, body).tokens, 9);

  beforeAll(async () => {
    // Slow streams keep every admission in flight at once: no settle can free room mid-test.
    upstream = await startMockProvider({ apiKey: providerKey, chunkDelayMs: 60 });
    const configPath = join(dir, 'portcullis.json');
    writeFileSync(
      configPath,
      JSON.stringify({
        dataDir: dir,
        store: { kind: 'sqlite', path: join(dir, 'shared.db') },
        log: { level: 'warn' },
        audit: { stdout: false, pseudonymSecret: 'env:PCL_TEST_PSEUDONYM' },
        egress: { allowPrivateNetworks: true },
        limits: { store: { kind: 'redis', url: 'env:PCL_TEST_REDIS_URL', timeoutMs: 500 } },
        // A budget day that cannot end mid-burst (at UTC midnight a new day would let more through).
        budgets: { timeZone: budgetZoneAwayFromMidnight() },
        environments: {
          dev: {
            providers: { openai: { type: 'openai', baseUrl: upstream.url, apiKey: 'env:PCL_TEST_PROVIDER_KEY' } },
            limits: { perKey: { requestsPerMinute: 100_000, maxConcurrent: 10_000 } },
          },
        },
      }),
    );
    const env = { PCL_TEST_REDIS_URL: REDIS!.replace(/\/$/, ''), PCL_TEST_PROVIDER_KEY: providerKey, PCL_TEST_PSEUDONYM: 'pseudonym-key-for-tests' };
    for (let i = 0; i < 2; i++) {
      const started = await startProcess(configPath, env);
      processes.push(started.child);
      urls.push(started.url);
    }
  }, 60_000);

  afterAll(async () => {
    for (const child of processes) child.kill('SIGTERM');
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function fire(key: string, count: number, stream: boolean): Promise<number[]> {
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const res = await fetch(`${urls[i % 2]!}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ ...body, stream }),
        });
        await res.text();
        return res.status;
      }),
    );
  }

  it('200 parallel requests against a budget that fits 10: at most 10 succeed, spend ≤ cap', async () => {
    const store = createSqliteStore(join(dir, 'shared.db'));
    const cap = (10 * worstCase + worstCase / 2) / 1_000_000;
    const { key, record } = await issueKey(store, { name: `budget-${prefix}`, environment: 'dev', limits: { budgetUsd: { amount: cap, period: 'day' } } });
    const statuses = await fire(key, 200, true);
    const succeeded = statuses.filter((s) => s === 200).length;
    expect(succeeded).toBeGreaterThan(0);
    expect(succeeded).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s !== 200).every((s) => s === 429)).toBe(true);
    await new Promise((r) => setTimeout(r, 400)); // the audit batches land
    const events = await store.queryAudit({ keyId: record.id, limit: 1000 });
    const spent = events.reduce((sum, e) => sum + (e.costUsd ?? 0), 0);
    expect(spent).toBeLessThanOrEqual(cap);
    await store.close();
  });

  it('a tokens-per-minute limit holds the same way', async () => {
    const store = createSqliteStore(join(dir, 'shared.db'));
    const perRequest = countInputTokens(ROUTES.chatCompletions, body).tokens + 9;
    const { key } = await issueKey(store, { name: `tpm-${prefix}`, environment: 'dev', limits: { tokensPerMinute: perRequest * 10 + 1 } });
    await store.close();
    const statuses = await fire(key, 200, true);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
  });
});
