import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../../../src/keys/issue.js';
import { startMockProvider, type MockProvider } from '../../../src/mock/server.js';
import { createSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { KeyLimits } from '../../../src/store/types.js';
import { fakeProviderKey } from '../../helpers/gateway.js';
import { startServe, stopProcess, streamRequest, writeConfig, type ServeProcess } from '../../helpers/serve-process.js';

const LONG_PROMPT = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');

/** `portcullis serve --workers 2`: a primary and two gateway processes sharing one port and one SQLite file. */
describe('serve --workers (node:cluster)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcl-workers-'));
  const providerKey = fakeProviderKey();
  const dbPath = join(dir, 'shared.db');
  const env = { PCL_TEST_PROVIDER_KEY: providerKey, PCL_TEST_PSEUDONYM: 'pseudonym-key-for-tests' };
  let upstream: MockProvider;
  let serve: ServeProcess;
  let configPath: string;

  const config = (overrides: { limitsStore?: string; allowedModels?: string[]; port?: number } = {}): Record<string, unknown> => ({
    dataDir: dir,
    store: { kind: 'sqlite', path: dbPath },
    log: { level: 'warn' },
    audit: { stdout: false, pseudonymSecret: 'env:PCL_TEST_PSEUDONYM' },
    egress: { allowPrivateNetworks: true },
    limits: { store: { kind: overrides.limitsStore ?? 'sqlite' } },
    server: { shutdownGraceMs: 0, ...(overrides.port === undefined ? {} : { port: overrides.port }) },
    environments: {
      dev: {
        providers: { openai: { type: 'openai', baseUrl: upstream.url, apiKey: 'env:PCL_TEST_PROVIDER_KEY' } },
        ...(overrides.allowedModels ? { allowedModels: overrides.allowedModels } : {}),
      },
    },
  });

  const newKey = async (limits?: KeyLimits): Promise<string> => {
    const store = createSqliteStore(dbPath);
    try {
      return (await issueKey(store, { name: 'workers', environment: 'dev', ...(limits ? { limits } : {}) })).key;
    } finally {
      await store.close();
    }
  };
  const ask = async (key: string, model = 'gpt-4o-mini'): Promise<number> => {
    const res = await fetch(`${serve.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, max_completion_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await res.text();
    return res.status;
  };
  const workerPids = (): number[] => [...serve.output().matchAll(/portcullis worker (\d+) serving/g)].map((m) => Number(m[1]));
  const count = (pattern: RegExp): number => serve.output().match(new RegExp(pattern.source, 'g'))?.length ?? 0;

  beforeAll(async () => {
    upstream = await startMockProvider({ apiKey: providerKey, chunkDelayMs: 40 });
    configPath = writeConfig(dir, config());
    serve = await startServe({ configPath, env, args: ['--workers', '2'] });
    await serve.until(() => workerPids().length === 2);
  }, 90_000);

  afterAll(async () => {
    await stopProcess(serve);
    await upstream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start several workers on per-process (memory) counters', async () => {
    const path = writeConfig(dir, config({ limitsStore: 'memory' }), 'memory-limits.json');
    await expect(startServe({ configPath: path, env, args: ['--workers', '2'] })).rejects.toThrow(/limits\.store\.kind "memory" keeps counters inside one process/);
  }, 60_000);

  it('the workers share the limits through the SQLite file: exactly 10 of 60 parallel requests pass a limit of 10 a minute', async () => {
    const key = await newKey({ requestsPerMinute: 10 });
    const statuses = await Promise.all(Array.from({ length: 60 }, () => ask(key)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(50);
  }, 60_000);

  it('SIGHUP reloads the config in every worker for new requests; streams in flight finish on the old one', async () => {
    const key = await newKey();
    expect(await ask(key, 'gpt-4o')).toBe(200);
    const inFlight = await streamRequest(serve.url, key, { model: 'gpt-4o', messages: [{ role: 'user', content: LONG_PROMPT }] });
    writeConfig(dir, config({ allowedModels: ['gpt-4o-mini'] }));
    const reloadedBefore = count(/config reloaded/);
    serve.child.kill('SIGHUP');
    await serve.until(() => count(/config reloaded/) === reloadedBefore + 2);
    expect(await inFlight.rest).toContain('data: [DONE]');
    // Whichever worker answers, the new config holds.
    const after = await Promise.all(Array.from({ length: 6 }, () => ask(key, 'gpt-4o')));
    expect(after).toEqual([403, 403, 403, 403, 403, 403]);
    expect(await ask(key, 'gpt-4o-mini')).toBe(200);

    // An invalid file: refused once by the primary, the running config stays.
    writeConfig(dir, { ...config(), environments: { dev: { allowedModels: 'not-a-list' } } });
    serve.child.kill('SIGHUP');
    await serve.waitFor(/config reload failed, the running config stays: /);
    expect(await ask(key, 'gpt-4o')).toBe(403);
    expect(await ask(key, 'gpt-4o-mini')).toBe(200);

    // A restart-only change: each worker refuses it and keeps serving.
    writeConfig(dir, config({ port: 1 }));
    serve.child.kill('SIGHUP');
    await serve.until(() => count(/restart-only settings changed \(server\.port\)/) === 2);
    expect(await ask(key, 'gpt-4o-mini')).toBe(200);
    writeConfig(dir, config());
  }, 60_000);

  it('a worker killed mid-stream is replaced; streams on the other worker complete and requests keep succeeding', async () => {
    const key = await newKey();
    const streams = await Promise.all(Array.from({ length: 6 }, () => streamRequest(serve.url, key, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: LONG_PROMPT }] })));
    const [victim] = workerPids().slice(-2);
    process.kill(victim!, 'SIGKILL');
    await serve.waitFor(new RegExp(`worker ${victim!} exited \\(SIGKILL\\); starting a replacement`));
    const results = await Promise.allSettled(streams.map((s) => s.rest));
    // Round-robin spread the six connections over both workers.
    // The victim's clients lose their connection; every stream on the survivor completes.
    const completed = results.filter((r) => r.status === 'fulfilled');
    expect(completed.length).toBeGreaterThanOrEqual(1);
    expect(completed.length).toBeLessThan(6);
    for (const r of completed) expect(r.value).toContain('data: [DONE]');
    await serve.until(() => workerPids().length === 3);
    const statuses = await Promise.all(Array.from({ length: 8 }, () => ask(key)));
    expect(statuses).toEqual(Array.from({ length: 8 }, () => 200));
  }, 60_000);

  it('SIGTERM to the primary: the workers finish their streams, then everything exits 0', async () => {
    const key = await newKey();
    const streams = await Promise.all(Array.from({ length: 4 }, () => streamRequest(serve.url, key, { model: 'gpt-4o-mini', messages: [{ role: 'user', content: LONG_PROMPT }] })));
    serve.child.kill('SIGTERM');
    for (const text of await Promise.all(streams.map((s) => s.rest))) expect(text).toContain('data: [DONE]');
    expect(await serve.exited).toEqual({ code: 0, signal: null });
  }, 60_000);
});
