import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createAuditRecorder, type AuditRecorder } from './audit/recorder.js';
import { createPseudonymizer, loadOrCreatePseudonymSecret } from './audit/pseudonymize.js';
import type { Config } from './config/schema.js';
import { moderationClients } from './pipeline/guard/moderation-clients.js';
import { loadManagedPrompts } from './pipeline/prompts/load.js';
import { createTriggerCounter, type TriggerCounter } from './observe/triggers.js';
import { startMockProvider, type MockProvider } from './mock/server.js';
import { createLogger } from './observe/logger.js';
import { claimsOf, openLimitStore } from './limits/index.js';
import { warmTokenizers } from './limits/tokens/index.js';
import type { LimitStore } from './limits/types.js';
import { logAlertSink } from './observe/alerts.js';
import { createPipeline } from './pipeline/index.js';
import type { OutputStage } from './pipeline/types.js';
import { createAnthropicAdapter } from './providers/anthropic/adapter.js';
import { buildEnvironments, type EnvironmentRuntime } from './providers/environments.js';
import { createOpenAIAdapter } from './providers/openai/adapter.js';
import { Secret } from './secrets/secret.js';
import { createSecretResolver, type SecretResolver } from './secrets/resolve.js';
import { buildApp } from './server/app.js';
import { openStore, type Store } from './store/index.js';
import { createEgressPolicy } from './upstream/egress.js';
import { createUpstreamClient } from './upstream/client.js';

export interface GatewayOptions {
  /** A store to use instead of the configured one (the gateway will not close it). */
  readonly store?: Store;
  readonly logger?: Logger;
  readonly secrets?: SecretResolver;
  /** A limit store to use instead of the configured one (the gateway will not close it). */
  readonly limits?: LimitStore;
  /** Application-specific output stages (they see streamed text and may cut the stream). */
  readonly outputStages?: readonly OutputStage[];
  /** Delay between the built-in mock's stream events. */
  readonly mockChunkDelayMs?: number;
}

export interface Gateway {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly logger: Logger;
  readonly audit: AuditRecorder;
  /** The built-in mock provider, when it serves (no provider configured, or `mockProvider: always`). */
  readonly mock: MockProvider | undefined;
  /** Guard triggers per pseudonymized user in the last hour (docs/detection.md). */
  readonly triggers: TriggerCounter;
  readonly environments: ReadonlyMap<string, EnvironmentRuntime>;
  /** Starts listening; resolves to the base URL (`http://127.0.0.1:8787`). */
  listen(port?: number, host?: string): Promise<string>;
  /**
   * Readiness off; after `graceMs` (time for load balancers to notice) stop accepting, finish
   * in-flight requests and streams, flush the audit, release everything.
   */
  close(graceMs?: number): Promise<void>;
}

const MAX_UPSTREAM_BODY_BYTES = 64 * 1024 * 1024;

export async function createGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const logger = options.logger ?? createLogger(config.log.level);
  // Read and lint the managed prompts before anything opens: a finding refuses to start.
  const prompts = loadManagedPrompts(config);
  const ownsStore = !options.store;
  const secrets = options.secrets ?? createSecretResolver();
  const store = options.store ?? (await openStore(config, secrets));
  const anyProvider = Object.values(config.environments).some((env) => Object.keys(env.providers).length > 0);
  const useMock = config.mockProvider === 'always' || (config.mockProvider === 'auto' && !anyProvider);

  let mock: MockProvider | undefined;
  let environments: Map<string, EnvironmentRuntime>;
  try {
    if (useMock) {
      const mockKey = `mock-${randomBytes(16).toString('hex')}`;
      mock = await startMockProvider({ apiKey: mockKey, chunkDelayMs: options.mockChunkDelayMs });
      environments = mockEnvironments(config, mock, new Secret(mockKey, 'mock:built-in'));
      logger.warn({ mock: mock.url }, 'NO PROVIDER KEY CONFIGURED: the built-in MOCK provider answers every request. Configure providers to reach OpenAI or Anthropic.');
    } else {
      environments = await buildEnvironments(config, secrets);
    }
  } catch (err) {
    await mock?.close();
    if (ownsStore) await store.close();
    throw err;
  }

  const providerHosts = [...environments.values()].flatMap((env) => Object.values(env.providers).flatMap((b) => [...b.adapter.hosts]));
  const egress = createEgressPolicy({
    allowHosts: [...providerHosts, ...config.egress.allowHosts],
    allowPrivateNetworks: config.egress.allowPrivateNetworks,
    privateHosts: mock ? ['127.0.0.1'] : [],
  });
  const upstream = createUpstreamClient({ egress, ...config.upstream });
  const pseudonymSecret = config.audit.pseudonymSecret
    ? (await secrets.resolve(config.audit.pseudonymSecret)).reveal()
    : loadOrCreatePseudonymSecret(config.dataDir);
  const pseudonymize = createPseudonymizer(pseudonymSecret);
  const limits = options.limits ?? (await openLimitStore(config, secrets));
  // Load the tokenizers now, not on the first request (about half a second for o200k).
  warmTokenizers();
  const triggers = createTriggerCounter();
  const pipeline = createPipeline({
    config,
    keys: store,
    environments,
    pseudonymize,
    limits,
    claimOnce: claimsOf(limits),
    alerts: logAlertSink(logger),
    logger,
    triggers,
    prompts,
    moderationClientFor: moderationClients(config, environments, upstream),
    extraOutputStages: options.outputStages,
  });
  // The audit sink writes at info whatever the operational log level is.
  const auditLogger = config.audit.stdout ? logger.child({}, { level: 'info' }) : undefined;
  const audit = createAuditRecorder({ store: config.audit.store ? store : undefined, logger: auditLogger });

  let ready = false;
  const app = buildApp({
    config,
    logger,
    pipeline,
    environments,
    upstream,
    audit,
    maxUpstreamBodyBytes: MAX_UPSTREAM_BODY_BYTES,
    isReady: () => ready,
  });

  return {
    app,
    store,
    logger,
    audit,
    mock,
    environments,
    triggers,
    async listen(port = config.server.port, host = config.server.host) {
      const address = await app.listen({ port, host });
      ready = true;
      return address.replace('[::1]', 'localhost');
    },
    async close(graceMs = 0) {
      ready = false;
      if (graceMs > 0) await sleep(graceMs);
      await app.close();
      await audit.flush();
      await upstream.close();
      if (!options.limits) await limits.close();
      await mock?.close();
      if (ownsStore) await store.close();
    },
  };
}

/** Every environment served by the mock, with the mock's own key standing in for real ones. */
function mockEnvironments(config: Config, mock: MockProvider, key: Secret): Map<string, EnvironmentRuntime> {
  const openai = { adapter: createOpenAIAdapter({ type: 'openai', baseUrl: mock.url, apiKey: key.ref }), key };
  const anthropic = { adapter: createAnthropicAdapter({ type: 'anthropic', baseUrl: mock.url, apiKey: key.ref }), key };
  return new Map(
    Object.entries(config.environments).map(([name, env]) => [name, { name, allowedModels: env.allowedModels ?? null, providers: { openai, anthropic } }]),
  );
}
