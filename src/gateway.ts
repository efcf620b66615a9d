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
import { logAlertSink, type AlertSink } from './observe/alerts.js';
import { createObservability, type Observability } from './observe/index.js';
import { createPipeline, type PipelineDeps } from './pipeline/index.js';
import type { OutputStage } from './pipeline/types.js';
import { createAnthropicAdapter } from './providers/anthropic/adapter.js';
import { buildEnvironments, type EnvironmentRuntime } from './providers/environments.js';
import { createOpenAIAdapter } from './providers/openai/adapter.js';
import { Secret } from './secrets/secret.js';
import { createSecretResolver, type SecretResolver } from './secrets/resolve.js';
import { createSecretsRuntime, type SecretsRuntime } from './secrets/runtime.js';
import { configuredSources } from './secrets/sources.js';
import { startExpiryReminders } from './keys/expiry-reminder.js';
import { buildApp } from './server/app.js';
import { resolveAdmin } from './server/admin/resolve.js';
import { createProxyRoutes } from './server/proxy-routes.js';
import { restartOnlyChanges } from './config/reload.js';
import type { UpstreamClient } from './upstream/client.js';
import { openStore, type Store } from './store/index.js';
import { createEgressPolicy } from './upstream/egress.js';
import { createUpstreamClient } from './upstream/client.js';
import type { BreakerSnapshot } from './upstream/breaker.js';
import { createUpstreamFaults, upstreamHosts, type UpstreamTiming } from './upstream/faults.js';

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
  /** Clock, sleep and randomness of upstream retries and breakers (tests inject their own). */
  readonly upstreamTiming?: UpstreamTiming;
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
  /** Metrics, monitors and alerts (docs/monitoring.md). */
  readonly observability: Observability;
  /** Circuit breaker state per upstream, for metrics and diagnostics (upstream/breaker.ts). */
  upstreamBreakers(): BreakerSnapshot[];
  /** The environments serving new requests (a reload replaces them). */
  readonly environments: ReadonlyMap<string, EnvironmentRuntime>;
  /** The config serving new requests (a reload replaces it). */
  readonly config: Config;
  /** Provider keys and their refresh, failover marks and counters (docs/secrets.md). */
  readonly secrets: SecretsRuntime;
  /** Starts listening; resolves to the base URL (`http://127.0.0.1:8787`). */
  listen(port?: number, host?: string): Promise<string>;
  /**
   * Readiness off; after `graceMs` (time for load balancers to notice) stop accepting, let
   * in-flight requests and streams finish (their settle and audit included) for up to `drainMs`
   * (default `server.shutdownDrainMs`), then cut what is left, flush the audit, release
   * everything. Calling it again returns the same promise.
   */
  close(graceMs?: number, drainMs?: number): Promise<void>;
  /**
   * Applies a new config to NEW requests (pipeline, providers, upstream client built afresh);
   * requests in flight finish on the old ones. Throws, changing nothing, when the config changes
   * a restart-only setting (src/config/reload.ts) or cannot be built (a secret that does not
   * resolve, a managed prompt that fails its lint).
   */
  reload(config: Config): Promise<void>;
  /**
   * Resolves once no proxied request is in flight — settle and audit event included. A client
   * sees a stream's end before the gateway has settled it, so a caller that wants the audit
   * event of a request it just finished waits for this first.
   */
  idle(): Promise<void>;
}

/** A reload that cannot be applied; the running config stays. */
export class ReloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReloadError';
  }
}

const MAX_UPSTREAM_BODY_BYTES = 64 * 1024 * 1024;

export async function createGateway(config: Config, options: GatewayOptions = {}): Promise<Gateway> {
  const logger = options.logger ?? createLogger(config.log.level);
  // Read and lint the managed prompts before anything opens: a finding refuses to start.
  const prompts = loadManagedPrompts(config);
  const ownsStore = !options.store;
  // Secret and key-expiry alerts go to the log until the alert dispatcher (which needs the store)
  // exists, then through it.
  let secretAlerts: AlertSink = logAlertSink(logger);
  const secretAlertSink: AlertSink = {
    emit: (alert) => {
      secretAlerts.emit(alert);
    },
  };
  const secrets = createSecretsRuntime({
    config,
    resolver: options.secrets ?? createSecretResolver(configuredSources(config.secrets)),
    ownsResolver: !options.secrets,
    logger,
    alerts: secretAlertSink,
  });
  const store = options.store ?? (await openStore(config, secrets));
  const anyProvider = Object.values(config.environments).some((env) => Object.keys(env.providers).length > 0);
  const useMock = config.mockProvider === 'always' || (config.mockProvider === 'auto' && !anyProvider);

  let mock: MockProvider | undefined;
  let mockKey: Secret | undefined;
  let environments: Map<string, EnvironmentRuntime>;
  try {
    if (useMock) {
      mockKey = new Secret(`mock-${randomBytes(16).toString('hex')}`, 'mock:built-in');
      mock = await startMockProvider({ apiKey: mockKey.reveal(), chunkDelayMs: options.mockChunkDelayMs });
      environments = mockEnvironments(config, mock, mockKey);
      logger.warn({ mock: mock.url }, 'NO PROVIDER KEY CONFIGURED: the built-in MOCK provider answers every request. Configure providers to reach OpenAI or Anthropic.');
    } else {
      environments = await buildEnvironments(config, secrets);
    }
  } catch (err) {
    await mock?.close();
    await secrets.close();
    if (ownsStore) await store.close();
    throw err;
  }
  const reminders = startExpiryReminders({
    store,
    alerts: secretAlertSink,
    logger,
    reminderDays: config.secrets.gatewayKeys.expiryReminderDays,
    checkIntervalMs: config.secrets.gatewayKeys.checkIntervalMs,
  });

  // Built again on a config reload, for the reloaded providers.
  const upstreamFor = (config: Config, environments: ReadonlyMap<string, EnvironmentRuntime>): UpstreamClient => {
    const providerHosts = [...environments.values()].flatMap((env) => Object.values(env.providers).flatMap((b) => upstreamHosts(b)));
    const egress = createEgressPolicy({
      allowHosts: [...providerHosts, ...config.egress.allowHosts],
      allowPrivateNetworks: config.egress.allowPrivateNetworks,
      privateHosts: mock ? ['127.0.0.1'] : [],
    });
    return createUpstreamClient({ egress, ...config.upstream });
  };
  let upstream = upstreamFor(config, environments);
  /** Upstream clients of every generation not yet released (a reload's old one drains first). */
  const upstreams = new Set<UpstreamClient>([upstream]);
  const pseudonymSecret = config.audit.pseudonymSecret
    ? (await secrets.resolve(config.audit.pseudonymSecret)).reveal()
    : loadOrCreatePseudonymSecret(config.dataDir);
  const pseudonymize = createPseudonymizer(pseudonymSecret);
  const limits = options.limits ?? (await openLimitStore(config, secrets));
  // Load the tokenizers now, not on the first request (about half a second for o200k).
  warmTokenizers();
  const triggers = createTriggerCounter();
  // Breakers outlive config reloads: an upstream's health does not change with the config.
  const faults = createUpstreamFaults({
    totalTimeoutMs: config.upstream.totalTimeoutMs,
    timing: options.upstreamTiming,
    onBreakerChange: (name, from, to) => {
      logger.warn({ upstream: name, from, to }, to === 'open' ? 'upstream circuit opened: requests go to the fallback or are refused' : `upstream circuit ${to}`);
    },
  });
  const observability = await createObservability(config, { store, logger, secrets, upstreamBreakers: () => faults.breakers.snapshot() });
  secretAlerts = observability.alerts;
  const pipelineDeps: PipelineDeps = {
    config,
    keys: store,
    environments,
    pseudonymize,
    limits,
    claimOnce: claimsOf(limits),
    alerts: observability.alerts,
    blockedUntil: (user) => observability.blockedUntil(user),
    logger,
    triggers,
    prompts,
    moderationClientFor: moderationClients(config, environments, upstream),
    extraOutputStages: options.outputStages,
  };
  const pipeline = createPipeline(pipelineDeps);
  // The audit sink writes at info whatever the operational log level is.
  const auditLogger = config.audit.stdout ? logger.child({}, { level: 'info' }) : undefined;
  // Every recorded event also feeds the metrics, traces and monitors (the settle path).
  const audit = observability.observe(createAuditRecorder({
    store: config.audit.store ? store : undefined,
    logger: auditLogger,
    opsLogger: logger,
    alerts: pipelineDeps.alerts,
    // Which events are acknowledged (committed), for operators and the crash tests (debug level).
    onCommitted: (batch) => {
      if (logger.isLevelEnabled('debug')) logger.debug({ auditCommitted: batch.map((e) => e.requestId) }, 'audit batch committed');
    },
    maxQueue: config.audit.queue.maxEvents,
    maxBatch: config.audit.queue.batchMaxEvents,
    flushIntervalMs: config.audit.queue.flushIntervalMs,
    retryMaxMs: config.audit.queue.retryMaxMs,
  }));

  let ready = false;
  let running = config;
  const proxies = createProxyRoutes({ pipeline, environments, upstream, audit, maxUpstreamBodyBytes: MAX_UPSTREAM_BODY_BYTES, faults });
  const app = buildApp({
    config,
    logger,
    pipeline,
    environments,
    upstream,
    audit,
    maxUpstreamBodyBytes: MAX_UPSTREAM_BODY_BYTES,
    isReady: () => ready,
    proxies,
    admin: await resolveAdmin(config, () => running, secrets, store, logger),
    metrics: observability.metricsRoute,
  });
  let closing: Promise<void> | undefined;

  /**
   * Stops accepting and waits for the proxy handlers to finish, closing each keep-alive
   * connection as it falls idle (a finished stream's connection would otherwise hold the server
   * open until its keep-alive timeout). After `drainMs`, the connections still open are cut: their
   * handlers see the client gone, abort upstream, settle and audit as `aborted`.
   */
  const drain = async (drainMs: number): Promise<void> => {
    const state = { closed: false };
    const serverClosed = app.close().then(() => {
      state.closed = true;
    });
    const deadline = Date.now() + drainMs;
    while (!state.closed && Date.now() < deadline) {
      await Promise.race([proxies.idle().then(() => sleep(10)), sleep(Math.min(100, Math.max(1, deadline - Date.now())))]);
      app.server.closeIdleConnections();
      await Promise.race([serverClosed, sleep(10)]);
    }
    if (!state.closed) {
      logger.warn({ inFlight: proxies.inFlight }, 'shutdown drain deadline passed: closing the connections still open');
      app.server.closeAllConnections();
    }
    await serverClosed;
    // Handlers cut at the deadline still settle and audit; bounded in case one hangs on a store.
    await Promise.race([proxies.idle(), sleep(5_000)]);
  };

  return {
    app,
    store,
    logger,
    audit,
    mock,
    get environments() {
      return environments;
    },
    get config() {
      return running;
    },
    secrets,
    triggers,
    observability,
    upstreamBreakers: () => faults.breakers.snapshot(),
    idle: () => proxies.idle(),
    async listen(port = config.server.port, host = config.server.host) {
      const address = await app.listen({ port, host });
      await observability.listen();
      ready = true;
      return address.replace('[::1]', 'localhost');
    },
    async reload(next) {
      if (closing) throw new ReloadError('the gateway is shutting down');
      const changed = restartOnlyChanges(running, next);
      if (changed.length > 0) throw new ReloadError(`restart-only settings changed (${changed.join(', ')}); restart the gateway to apply them`);
      const nextAnyProvider = Object.values(next.environments).some((env) => Object.keys(env.providers).length > 0);
      const nextUseMock = next.mockProvider === 'always' || (next.mockProvider === 'auto' && !nextAnyProvider);
      if (nextUseMock !== useMock) throw new ReloadError('switching between the built-in mock and real providers needs a restart');
      const nextPrompts = loadManagedPrompts(next);
      const nextEnvironments = mock && mockKey ? mockEnvironments(next, mock, mockKey) : await buildEnvironments(next, secrets);
      const nextUpstream = upstreamFor(next, nextEnvironments);
      let nextPipeline: ReturnType<typeof createPipeline>;
      try {
        nextPipeline = createPipeline({
          ...pipelineDeps,
          config: next,
          environments: nextEnvironments,
          prompts: nextPrompts,
          moderationClientFor: moderationClients(next, nextEnvironments, nextUpstream),
        });
      } catch (err) {
        await nextUpstream.close();
        throw err;
      }
      const previous = upstream;
      running = next;
      environments = nextEnvironments;
      upstream = nextUpstream;
      upstreams.add(nextUpstream);
      const drained = proxies.swap({
        pipeline: nextPipeline,
        environments: nextEnvironments,
        upstream: nextUpstream,
        audit,
        maxUpstreamBodyBytes: MAX_UPSTREAM_BODY_BYTES,
        faults: { ...faults, totalTimeoutMs: next.upstream.totalTimeoutMs },
      });
      // The old upstream pool goes once the requests still using it have finished.
      void drained.then(async () => {
        if (closing || !upstreams.delete(previous)) return;
        await previous.close();
      }).catch((err: unknown) => {
        logger.warn({ err: (err as Error).message }, 'closing the previous upstream client failed');
      });
    },
    close(graceMs = 0, drainMs = running.server.shutdownDrainMs) {
      closing ??= (async () => {
        ready = false;
        if (graceMs > 0) await sleep(graceMs);
        await drain(drainMs);
        await audit.flush();
        await observability.close();
        for (const client of upstreams) await client.close();
        upstreams.clear();
        if (!options.limits) await limits.close();
        await mock?.close();
        reminders.stop();
        await secrets.close();
        if (ownsStore) await store.close();
      })();
      return closing;
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
