import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueKey } from '../../../src/keys/issue.js';
import { startMockProvider, type MockProvider } from '../../../src/mock/server.js';
import { createSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { fakeProviderKey } from '../../helpers/gateway.js';
import { startServe, stopProcess, streamRequest, writeConfig, type ServeProcess } from '../../helpers/serve-process.js';

/** About 35 stream events: long enough that SIGTERM lands mid-stream. */
const PROMPT = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
const BODY = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }] };

describe('graceful shutdown of a real gateway process (SIGTERM)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcl-shutdown-'));
  const providerKey = fakeProviderKey();
  const dbPath = join(dir, 'shared.db');
  let upstream: MockProvider;
  let slowUpstream: MockProvider;
  let serve: ServeProcess | undefined;

  const configFor = (upstreamUrl: string, server: Record<string, unknown>): string =>
    writeConfig(
      dir,
      {
        dataDir: dir,
        store: { kind: 'sqlite', path: dbPath },
        log: { level: 'warn' },
        audit: { stdout: false, pseudonymSecret: 'env:PCL_TEST_PSEUDONYM' },
        egress: { allowPrivateNetworks: true },
        server,
        environments: { dev: { providers: { openai: { type: 'openai', baseUrl: upstreamUrl, apiKey: 'env:PCL_TEST_PROVIDER_KEY' } } } },
      },
      `config-${Object.values(server).join('-')}.json`,
    );
  const env = { PCL_TEST_PROVIDER_KEY: providerKey, PCL_TEST_PSEUDONYM: 'pseudonym-key-for-tests' };

  const newKey = async (name: string): Promise<{ key: string; keyId: string }> => {
    const store = createSqliteStore(dbPath);
    try {
      const { key, record } = await issueKey(store, { name, environment: 'dev' });
      return { key, keyId: record.id };
    } finally {
      await store.close();
    }
  };
  const auditOf = async (keyId: string) => {
    const store = createSqliteStore(dbPath);
    try {
      return await store.queryAudit({ keyId, limit: 100 });
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    upstream = await startMockProvider({ apiKey: providerKey, chunkDelayMs: 40 });
    // Streams that would run for minutes: only the drain deadline ends them.
    slowUpstream = await startMockProvider({ apiKey: providerKey, chunkDelayMs: 5_000 });
  });

  // After each test, not all: a failed assertion must not leave its gateway process running.
  afterEach(async () => {
    await stopProcess(serve);
    serve = undefined;
  });

  afterAll(async () => {
    await upstream.close();
    await slowUpstream.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('readiness turns false first, streams in flight complete, each is audited, and the process exits 0', async () => {
    const { key, keyId } = await newKey('shutdown-complete');
    serve = await startServe({ configPath: configFor(upstream.url, { shutdownGraceMs: 1_000, shutdownDrainMs: 60_000 }), env });
    const streams = await Promise.all(Array.from({ length: 4 }, () => streamRequest(serve!.url, key, BODY)));
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200, 200]);

    serve.child.kill('SIGTERM');
    // During the grace period the listener still answers, and says it is not ready.
    let readiness = 0;
    while (readiness !== 503) {
      readiness = (await fetch(`${serve.url}/readyz`)).status;
      if (readiness !== 503) await sleep(10);
    }

    const bodies = await Promise.all(streams.map((s) => s.rest));
    for (const text of bodies) {
      expect(text).toContain('data: [DONE]');
      expect(text).not.toContain('"error"');
    }
    expect(await serve.exited).toEqual({ code: 0, signal: null });
    // Settled and audited before the process left: one allowed, streamed event per stream.
    const events = await auditOf(keyId);
    expect(events).toHaveLength(4);
    expect(events.every((e) => e.decision === 'allowed' && e.streamed && e.status === 200 && e.tokens.output !== null)).toBe(true);
  }, 60_000);

  it('at the drain deadline, streams still running are cut, then settled and audited as aborted', async () => {
    const { key, keyId } = await newKey('shutdown-deadline');
    serve = await startServe({ configPath: configFor(slowUpstream.url, { shutdownGraceMs: 0, shutdownDrainMs: 300 }), env });
    const streams = await Promise.all(Array.from({ length: 3 }, () => streamRequest(serve!.url, key, BODY)));
    serve.child.kill('SIGTERM');
    const bodies = await Promise.all(streams.map((s) => s.rest.catch(() => 'cut')));
    for (const text of bodies) expect(text).not.toContain('[DONE]');
    expect(await serve.exited).toEqual({ code: 0, signal: null });
    const events = await auditOf(keyId);
    expect(events.map((e) => e.decision)).toEqual(['aborted', 'aborted', 'aborted']);
    // The upstream saw the gateway go away too (the provider stops generating and billing).
    const toUpstream = slowUpstream.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(toUpstream).toHaveLength(3);
    expect(toUpstream.every((r) => r.aborted)).toBe(true);
  }, 60_000);
});
