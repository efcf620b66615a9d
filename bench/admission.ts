/**
 * Admission decisions per second for each counter store: one decision = one atomic admit of a
 * typical request's counters (rpm + concurrency for key, user, IP; tpm + two budgets for key and
 * environment) followed by its settle, from 32 concurrent callers. Redis and PostgreSQL run when
 * REDIS_URL / DATABASE_URL are set. Run: `npx tsx bench/admission.ts` (BENCH_ADMISSION_SECONDS).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryLimitStore } from '../src/limits/memory/memory-limit-store.js';
import { createSqliteLimitStore } from '../src/limits/sqlite/sqlite-limit-store.js';
import type { CounterSpec, LimitStore } from '../src/limits/types.js';

const seconds = Number(process.env.BENCH_ADMISSION_SECONDS ?? 3);
const CONCURRENCY = 32;
const DAY = 86_400_000;

function specsFor(i: number): CounterSpec[] {
  const user = `u${i % 50}`;
  const start = Math.floor(Date.now() / DAY) * DAY;
  return [
    { name: 'rpm:key:k1', kind: 'window', limit: 1e12, amount: 1, windowMs: 60_000 },
    { name: 'conc:key:k1', kind: 'concurrency', limit: 1e9, amount: 1, windowMs: 900_000 },
    { name: `rpm:user:${user}`, kind: 'window', limit: 1e12, amount: 1, windowMs: 60_000 },
    { name: `rpm:ip:10.0.0.${i % 200}`, kind: 'window', limit: 1e12, amount: 1, windowMs: 60_000 },
    { name: 'tpm:key:k1', kind: 'window', limit: 1e15, amount: 600, windowMs: 60_000 },
    { name: 'usd-day:key:k1', kind: 'period', limit: 1e15, amount: 900, windowMs: 0, periodStartMs: start, periodEndMs: start + DAY },
    { name: 'usd-day:env:bench', kind: 'period', limit: 1e15, amount: 900, windowMs: 0, periodStartMs: start, periodEndMs: start + DAY },
  ];
}

async function measure(name: string, store: LimitStore): Promise<string> {
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  const latencies: number[] = [];
  const worker = async (w: number): Promise<void> => {
    for (let i = w; performance.now() < deadline; i += CONCURRENCY) {
      const started = performance.now();
      const admission = await store.admit(specsFor(i), randomUUID(), Date.now());
      if (admission.ok) await store.settle(admission.reservation, admission.reservation.items.map((it) => Math.floor(it.amount / 2)), Date.now());
      latencies.push(performance.now() - started);
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q: number): string => (latencies[Math.floor(q * (latencies.length - 1))] ?? 0).toFixed(2);
  await store.close();
  return `| ${name} | ${Math.round(done / elapsed).toLocaleString('en-US')} | ${p(0.5)} | ${p(0.99)} |`;
}

const rows: string[] = [];
rows.push(await measure('memory', createMemoryLimitStore()));
const dir = mkdtempSync(join(tmpdir(), 'pcl-admission-'));
rows.push(await measure('sqlite', createSqliteLimitStore(join(dir, 'l.db'))));
rmSync(dir, { recursive: true, force: true });
if (process.env.REDIS_URL) {
  const { createRedisLimitStore } = await import('../src/limits/redis/index.js');
  rows.push(await measure('redis', createRedisLimitStore({ url: process.env.REDIS_URL, keyPrefix: `bench-${randomUUID()}:` })));
}
if (process.env.DATABASE_URL) {
  const { createPostgresLimitStore } = await import('../src/limits/postgres/postgres-limit-store.js');
  const schema = `bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  rows.push(await measure('postgres', await createPostgresLimitStore({ connectionString: process.env.DATABASE_URL, schema })));
}
console.log(`admission + settle of 7 counters, ${CONCURRENCY} concurrent callers, ${seconds} s per store\n`);
console.log('| store | decisions/s | p50 ms | p99 ms |\n|---|--:|--:|--:|');
for (const row of rows) console.log(row);
