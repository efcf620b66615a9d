import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { issueKey } from '../../src/keys/issue.js';
import type { AlertEvent } from '../../src/observe/alerts.js';
import { createLogger } from '../../src/observe/logger.js';
import { createEnvSource } from '../../src/secrets/env-source.js';
import { createFileSource } from '../../src/secrets/file-source.js';
import { createSecretResolver } from '../../src/secrets/resolve.js';
import type { SecretSource } from '../../src/secrets/types.js';
import { createMemoryStore } from '../../src/store/memory/memory-store.js';

export interface SecretsGateway {
  readonly url: string;
  readonly gateway: Gateway;
  /** A gateway key of environment `prod`. */
  readonly key: string;
  readonly logs: string[];
  readonly dataDir: string;
  alerts(kind?: AlertEvent['kind']): AlertEvent[];
  close(): Promise<void>;
}

/**
 * The real gateway on port 0 with one environment, `prod`, whose openai provider is `openai`,
 * reading secrets through `sources` (the managers' real SDK clients against their fakes).
 */
export async function startSecretsGateway(options: {
  openai: Record<string, unknown>;
  secrets?: ConfigInput['secrets'];
  sources: readonly SecretSource[];
  env?: Record<string, string>;
}): Promise<SecretsGateway> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pcl-secrets-'));
  const config = parseConfig({
    dataDir,
    store: { kind: 'memory' },
    egress: { allowPrivateNetworks: true },
    audit: { stdout: false },
    secrets: options.secrets,
    environments: { prod: { providers: { openai: { type: 'openai', ...options.openai } } } },
  });
  const logs: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void logs.push(line) });
  const store = createMemoryStore();
  const gateway = await createGateway(config, {
    store,
    logger,
    secrets: createSecretResolver([createEnvSource(options.env ?? {}), createFileSource(), ...options.sources]),
  });
  const url = await gateway.listen(0, '127.0.0.1');
  const { key } = await issueKey(store, { name: 'rotation test', environment: 'prod' });
  return {
    url,
    gateway,
    key,
    logs,
    dataDir,
    alerts: (kind) =>
      logs
        .map((line) => (JSON.parse(line) as { alert?: AlertEvent }).alert)
        .filter((a): a is AlertEvent => a !== undefined && (kind === undefined || a.kind === kind)),
    async close() {
      await gateway.close();
      await Promise.all(options.sources.map((s) => s.close?.() ?? Promise.resolve()));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `count` calls, at most `concurrency` at once; resolves to each call's error (or null). */
export async function runLoad(count: number, concurrency: number, call: (i: number) => Promise<unknown>): Promise<(Error | null)[]> {
  const results: (Error | null)[] = new Array<Error | null>(count).fill(null);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      try {
        await call(i);
      } catch (err) {
        results[i] = err as Error;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
