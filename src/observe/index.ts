import type { Logger } from 'pino';
import type { AuditEvent } from '../audit/event.js';
import type { AuditRecorder } from '../audit/recorder.js';
import type { Config } from '../config/schema.js';
import type { BreakerSnapshot } from '../upstream/breaker.js';
import type { SecretResolver } from '../secrets/resolve.js';
import { isSecretsRuntime } from '../secrets/runtime.js';
import type { AlertStore } from '../store/types.js';
import { createAlertHub, type AlertDestination, type AlertHub } from './alert-hub.js';
import { systemClock, type Clock } from './clock.js';
import { metricsHandler, startMetricsListener, type MetricsHandler, type MetricsListener } from './metrics/endpoint.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics/gateway-metrics.js';
import { createMonitors, createUserBlocks, type UserBlocks } from './monitors/index.js';
import { logDestination } from './sinks/log.js';
import type { RetryOptions } from './sinks/retrying-queue.js';
import { storeDestination } from './sinks/store.js';
import { webhookDestination } from './sinks/webhook.js';
import { createRequestTracer } from './tracing.js';

/**
 * Metrics, traces, monitors and alerts for one gateway instance (docs/monitoring.md). Everything
 * is fed from the settle path: the audit recorder's `record`, which every answered request
 * passes once (proxied, refused before routing, denied by a stage). Feeding is synchronous and
 * in-process; alert delivery (store, webhooks) runs in the background with retries.
 */
export interface Observability {
  /** Undefined when `monitoring.metrics.enabled` is false. */
  readonly metrics: GatewayMetrics | undefined;
  /** The alert sink for the budget stage and the audit recorder: deduplicated, stored, delivered. */
  readonly alerts: AlertHub;
  /** End users refused after repeated guard triggers. */
  readonly blocks: UserBlocks;
  /** For the identity stage: when this pseudonymized user's block ends, if blocked now. */
  blockedUntil(user: string): number | undefined;
  /** The recorder, with every recorded event also counted, traced and shown to the monitors. */
  observe(recorder: AuditRecorder): AuditRecorder;
  /** `/metrics` on the gateway's own port, unless metrics are off or have a port of their own. */
  readonly metricsRoute: { readonly path: string; readonly handler: MetricsHandler } | undefined;
  /** Starts the metrics listener when `monitoring.metrics.port` is set. */
  listen(): Promise<void>;
  /** The separate metrics listener's URL, once listening. */
  readonly metricsUrl: string | undefined;
  /** Stops the metrics listener and waits (bounded) for alert deliveries in progress. */
  close(): Promise<void>;
}

export interface ObservabilityDeps {
  readonly store: AlertStore;
  readonly logger: Logger;
  readonly secrets: SecretResolver;
  readonly clock?: Clock;
  /** Waits between delivery attempts (tests pass a fast one). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Each upstream's circuit breaker state, for metrics. */
  readonly upstreamBreakers?: () => readonly BreakerSnapshot[];
}

const VERSION = '0.1.0';

export async function createObservability(config: Config, deps: ObservabilityDeps): Promise<Observability> {
  const settings = config.monitoring;
  const clock = deps.clock ?? systemClock;
  // The gateway's resolver is its secrets runtime: its counters are read at each scrape.
  const runtime = isSecretsRuntime(deps.secrets) ? deps.secrets : undefined;
  const metrics = settings.metrics.enabled
    ? createGatewayMetrics(config, {
        processMetrics: settings.metrics.processMetrics,
        ...(runtime ? { secrets: () => runtime.metrics() } : {}),
        ...(deps.upstreamBreakers ? { upstreamBreakers: deps.upstreamBreakers } : {}),
      })
    : undefined;
  const retry: RetryOptions = {
    maxAttempts: settings.alerts.maxAttempts,
    initialBackoffMs: settings.alerts.initialBackoffMs,
    maxBackoffMs: settings.alerts.maxBackoffMs,
    maxPending: settings.alerts.maxPending,
    counters: metrics?.deliveries,
    sleep: deps.sleep,
    onFailure: (destination, alertId, err) => {
      deps.logger.error({ destination, alertId, err: err.message }, 'alert delivery failed');
    },
  };
  const destinations: AlertDestination[] = [];
  if (settings.alerts.log) destinations.push(logDestination(deps.logger));
  if (settings.alerts.store) destinations.push(storeDestination(deps.store, retry));
  for (const hook of settings.alerts.webhooks) destinations.push(await webhookDestination(hook, deps.secrets, { ...retry, now: clock }));
  const alerts = createAlertHub({ cooldownMs: settings.alerts.cooldownMs, destinations, clock, counters: metrics?.alerts });
  const blocks = createUserBlocks();
  const monitors = createMonitors(settings, {
    raise: (alert, environment) => alerts.raise(alert, environment),
    blocks,
    clock,
    onError: (monitor, err) => {
      deps.logger.error({ monitor, err: (err as Error).message }, 'a monitor failed');
    },
  });
  const tracer = settings.tracing.enabled ? createRequestTracer(VERSION) : undefined;
  const token = settings.metrics.token === undefined ? undefined : (await deps.secrets.resolve(settings.metrics.token)).reveal();
  const handler = metrics ? metricsHandler(metrics, token) : undefined;
  let listener: MetricsListener | undefined;
  let closing: Promise<void> | undefined;

  const feed = (event: AuditEvent): void => {
    try {
      metrics?.observeRequest(event);
      tracer?.(event);
    } catch (err) {
      deps.logger.error({ err: (err as Error).message }, 'recording metrics failed');
    }
    monitors.observe(event);
  };

  return {
    metrics,
    alerts,
    blocks,
    blockedUntil: (user) => blocks.blockedUntil(user, clock()),
    observe(recorder) {
      // One wrapped `record`, made once (it runs on every request); a proxy keeps the recorder's
      // own getters (dropped, pending, …) live.
      const record = (event: AuditEvent): void => {
        recorder.record(event);
        feed(event);
      };
      return new Proxy(recorder, {
        get(target, property, receiver) {
          return property === 'record' ? record : (Reflect.get(target, property, receiver) as unknown);
        },
      });
    },
    metricsRoute: handler && settings.metrics.port === undefined ? { path: settings.metrics.path, handler } : undefined,
    async listen() {
      if (handler && settings.metrics.port !== undefined && !listener) {
        listener = await startMetricsListener(handler, settings.metrics.path, settings.metrics.port, settings.metrics.host);
      }
    },
    get metricsUrl() {
      return listener?.url;
    },
    close() {
      closing ??= (async () => {
        await listener?.close();
        listener = undefined;
        await alerts.close(2_000);
      })();
      return closing;
    },
  };
}

export type { AlertHub } from './alert-hub.js';
export type { UserBlocks } from './monitors/user-blocks.js';
