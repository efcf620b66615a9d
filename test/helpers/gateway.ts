import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { issueKey } from '../../src/keys/issue.js';
import { startMockProvider, type MockProvider } from '../../src/mock/server.js';
import type { MockBehavior, MockRequestRecord } from '../../src/mock/types.js';
import { createLogger } from '../../src/observe/logger.js';
import { createEnvSource } from '../../src/secrets/env-source.js';
import { createFileSource } from '../../src/secrets/file-source.js';
import { createSecretResolver } from '../../src/secrets/resolve.js';
import { createMemoryStore } from '../../src/store/memory/memory-store.js';
import type { Store } from '../../src/store/types.js';
import type { OutputStage } from '../../src/pipeline/types.js';
import type { LimitStore } from '../../src/limits/types.js';
import type { UpstreamTiming } from '../../src/upstream/faults.js';

/** A provider key made at run time, shaped like a real one so leak checks are meaningful. */
export function fakeProviderKey(kind: 'openai' | 'anthropic' = 'openai'): string {
  return `${kind === 'openai' ? 'sk-proj-' : 'sk-ant-api03-'}${randomBytes(24).toString('base64url')}`;
}

export interface TestGateway {
  readonly url: string;
  readonly gateway: Gateway;
  readonly upstream: MockProvider;
  readonly providerKey: string;
  /** A valid gateway key of environment `dev`. */
  readonly key: string;
  readonly keyId: string;
  readonly store: Store;
  /** Every log line the gateway wrote. */
  readonly logs: string[];
  readonly dataDir: string;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  readonly config?: Partial<ConfigInput>;
  readonly environment?: Record<string, unknown>;
  readonly behavior?: (record: MockRequestRecord) => MockBehavior | undefined;
  readonly chunkDelayMs?: number;
  readonly store?: Store;
  readonly outputStages?: readonly OutputStage[];
  readonly limits?: LimitStore;
  /** Extra values `env:` secret references resolve to. */
  readonly secretEnv?: Record<string, string>;
  /** Clock, sleep and randomness of upstream retries and breakers. */
  readonly upstreamTiming?: UpstreamTiming;
  /** Extra fields of the `dev` environment's providers (timeouts, retry, breaker, fallback). */
  readonly providers?: { readonly openai?: Record<string, unknown>; readonly anthropic?: Record<string, unknown> };
}

/**
 * The real gateway on port 0 in front of the mock provider as a fake upstream (streaming on
 * timers), with a memory store, captured logs and one gateway key.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const providerKey = fakeProviderKey();
  const upstream = await startMockProvider({ apiKey: providerKey, chunkDelayMs: options.chunkDelayMs ?? 3, behavior: options.behavior });
  const dataDir = mkdtempSync(join(tmpdir(), 'pcl-test-'));
  const config = parseConfig({
    dataDir,
    store: { kind: 'memory' },
    egress: { allowPrivateNetworks: true },
    ...options.config,
    environments: {
      dev: {
        providers: {
          openai: { type: 'openai', baseUrl: upstream.url, apiKey: 'env:TEST_PROVIDER_KEY', ...options.providers?.openai },
          anthropic: { baseUrl: upstream.url, apiKey: 'env:TEST_PROVIDER_KEY', ...options.providers?.anthropic },
        },
        ...options.environment,
      },
      ...(options.config?.environments ?? {}),
    },
  });
  const logs: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void logs.push(line) });
  const store = options.store ?? createMemoryStore();
  const gateway = await createGateway(config, {
    store,
    logger,
    outputStages: options.outputStages,
    limits: options.limits,
    upstreamTiming: options.upstreamTiming,
    secrets: createSecretResolver([createEnvSource({ ...options.secretEnv, TEST_PROVIDER_KEY: providerKey }), createFileSource()]),
  });
  const url = await gateway.listen(0, '127.0.0.1');
  const { key, record } = await issueKey(store, { name: 'test', environment: 'dev' });
  return {
    url,
    gateway,
    upstream,
    providerKey,
    key,
    keyId: record.id,
    store,
    logs,
    dataDir,
    async close() {
      await gateway.close();
      await upstream.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Waits until the audit recorder has written the events of finished requests. */
export async function auditEvents(t: TestGateway): Promise<Awaited<ReturnType<Store['queryAudit']>>> {
  // A client sees a stream end before the gateway has settled and audited it: wait for requests
  // in flight (bounded, for tests that leave a stream open on purpose).
  await Promise.race([t.gateway.idle(), new Promise((resolve) => setTimeout(resolve, 2_000))]);
  await t.gateway.audit.flush();
  return t.store.queryAudit({ limit: 1000 });
}

/** Polls until a condition holds (for effects that cross a socket, like an abort). */
export async function eventually(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
