import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AuditEvent } from '../../audit/event.js';
import type { Config } from '../../config/schema.js';
import type { ErrorCode } from '../../errors.js';
import type { SecretsMetrics } from '../../secrets/runtime.js';
import type { BreakerSnapshot } from '../../upstream/breaker.js';
import type { AlertCounters } from '../alert-hub.js';
import type { DeliveryCounters } from '../sinks/retrying-queue.js';
import { createLabeler } from './labels.js';

/** Seconds; from a fast cached answer to a long completion. */
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];
/** The gateway's own time: sub-millisecond when all is well. */
const OVERHEAD_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
const TTFT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30];

const RATE_LIMIT_CODES: ReadonlySet<ErrorCode> = new Set(['rate_limited', 'concurrency_limited']);
const BUDGET_CODES: ReadonlySet<ErrorCode> = new Set(['budget_exceeded', 'request_exceeds_limit']);
/** Codes the gateway answers with when the upstream failed (beyond a 5xx/429 passed through). */
const UPSTREAM_CODES: ReadonlySet<ErrorCode> = new Set([
  'upstream_unreachable',
  'upstream_redirect_refused',
  'upstream_stream_failed',
  'upstream_response_too_large',
  'upstream_timeout',
  'provider_key_unavailable',
  'egress_denied',
]);

export interface GatewayMetrics {
  readonly registry: Registry;
  /** Counts one settled request (its audit event): cheap, synchronous. */
  observeRequest(event: AuditEvent): void;
  /**
   * One failed secret refresh, for code outside the gateway's secrets runtime (the runtime's own
   * counts are read at scrape time: `secrets` below). Never pass the reference or the value.
   */
  secretRefreshFailed(): void;
  readonly alerts: AlertCounters;
  readonly deliveries: DeliveryCounters;
  /** The Prometheus text exposition. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

/**
 * The gateway's Prometheus metrics, in a registry of its own (several gateways may run in one
 * process, as the tests do). Labels are bounded and carry no secret and no user id: environment
 * and provider come from the config, the model only when the gateway knows it (labels.ts),
 * status and error codes from closed sets.
 */
export interface GatewayMetricsOptions {
  readonly processMetrics: boolean;
  /** The secrets runtime's counters, read at each scrape (src/secrets/runtime.ts). */
  readonly secrets?: () => SecretsMetrics;
  /** Each upstream's circuit breaker, read at each scrape (src/upstream/breaker.ts). */
  readonly upstreamBreakers?: () => readonly BreakerSnapshot[];
}

export function createGatewayMetrics(config: Config, options: GatewayMetricsOptions): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  const labels = createLabeler(config);

  const requests = new Counter({
    name: 'portcullis_requests_total',
    help: 'Requests answered, by environment, provider, model and HTTP status.',
    labelNames: ['environment', 'provider', 'model', 'status'] as const,
    registers,
  });
  const tokens = new Counter({
    name: 'portcullis_tokens_total',
    help: 'Tokens as the provider reported them, by direction (input, output, cached input).',
    labelNames: ['environment', 'provider', 'model', 'direction'] as const,
    registers,
  });
  const cost = new Counter({
    name: 'portcullis_cost_usd_total',
    help: 'Cost at the price table rates, in US dollars.',
    labelNames: ['environment', 'provider', 'model'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'portcullis_request_duration_seconds',
    help: 'Time from a request\'s arrival to its last byte.',
    labelNames: ['environment', 'provider', 'model', 'streamed'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const overhead = new Histogram({
    name: 'portcullis_gateway_overhead_seconds',
    help: 'Time spent in the gateway itself: total latency less the time waiting on the upstream.',
    labelNames: ['environment', 'provider'] as const,
    buckets: OVERHEAD_BUCKETS,
    registers,
  });
  const ttft = new Histogram({
    name: 'portcullis_time_to_first_token_seconds',
    help: 'Streams: time from the request\'s arrival to the first event relayed to the client.',
    labelNames: ['environment', 'provider', 'model'] as const,
    buckets: TTFT_BUCKETS,
    registers,
  });
  const denials = new Counter({
    name: 'portcullis_denials_total',
    help: 'Requests the gateway refused, by error code.',
    labelNames: ['environment', 'code'] as const,
    registers,
  });
  const rateLimitDenials = new Counter({
    name: 'portcullis_rate_limit_denials_total',
    help: 'Requests refused by a rate or concurrency limit.',
    labelNames: ['environment', 'code'] as const,
    registers,
  });
  const budgetDenials = new Counter({
    name: 'portcullis_budget_denials_total',
    help: 'Requests refused by a budget or a token limit\'s size check.',
    labelNames: ['environment', 'code'] as const,
    registers,
  });
  const guardTriggers = new Counter({
    name: 'portcullis_guard_triggers_total',
    help: 'Guard findings (input and output), by kind and the action taken.',
    labelNames: ['environment', 'kind', 'action'] as const,
    registers,
  });
  const upstreamErrors = new Counter({
    name: 'portcullis_upstream_errors_total',
    help: 'Upstream failures: an error code of the upstream family, or a 5xx/429 from the provider.',
    labelNames: ['environment', 'provider', 'reason'] as const,
    registers,
  });
  // The runtime's failures (read at scrape) plus any pushed by secretRefreshFailed().
  const secretsView = options.secrets;
  let pushedFailures = 0;
  let seenFailures = 0;
  new Counter({
    name: 'portcullis_secret_refresh_failures_total',
    help: 'Failed refreshes of a secret (the last good value stays in use).',
    registers,
    collect() {
      const total = (secretsView ? secretsView().refreshFailures : 0) + pushedFailures;
      if (total > seenFailures) this.inc(total - seenFailures);
      seenFailures = Math.max(seenFailures, total);
    },
  });
  if (secretsView) registerSecretsMetrics(registry, secretsView);
  if (options.upstreamBreakers) registerBreakerMetrics(registry, options.upstreamBreakers);
  const alertsRaised = new Counter({ name: 'portcullis_alerts_total', help: 'Alerts raised, by kind.', labelNames: ['kind'] as const, registers });
  const alertsSuppressed = new Counter({
    name: 'portcullis_alerts_suppressed_total',
    help: 'Alerts not raised again within their cooldown, by kind.',
    labelNames: ['kind'] as const,
    registers,
  });
  const deliveryFailures = new Counter({
    name: 'portcullis_alert_delivery_failures_total',
    help: 'Alerts a destination finally failed to deliver (retries exhausted, refused, or queue full).',
    labelNames: ['destination', 'reason'] as const,
    registers,
  });
  const deliveryRetries = new Counter({
    name: 'portcullis_alert_delivery_retries_total',
    help: 'Alert delivery attempts that failed and were retried.',
    labelNames: ['destination'] as const,
    registers,
  });

  let processMetrics = options.processMetrics;

  return {
    registry,
    observeRequest(event) {
      const environment = labels.environment(event.environment);
      const provider = labels.provider(event.provider);
      const model = labels.model(event.model);
      requests.inc({ environment, provider, model, status: String(event.status) });
      const usage = event.tokens;
      if (usage.input !== null && usage.input > 0) tokens.inc({ environment, provider, model, direction: 'input' }, usage.input);
      if (usage.output !== null && usage.output > 0) tokens.inc({ environment, provider, model, direction: 'output' }, usage.output);
      if (usage.cached !== null && usage.cached > 0) tokens.inc({ environment, provider, model, direction: 'cached_input' }, usage.cached);
      if (event.costUsd !== null && event.costUsd > 0 && Number.isFinite(event.costUsd)) cost.inc({ environment, provider, model }, event.costUsd);
      latency.observe({ environment, provider, model, streamed: event.streamed ? 'true' : 'false' }, event.latencyMs / 1000);
      overhead.observe({ environment, provider }, event.overheadMs / 1000);
      if (event.firstTokenMs !== undefined) ttft.observe({ environment, provider, model }, event.firstTokenMs / 1000);
      const code = event.errorCode;
      if (code !== null) {
        if (event.decision === 'denied') denials.inc({ environment, code });
        if (RATE_LIMIT_CODES.has(code)) rateLimitDenials.inc({ environment, code });
        if (BUDGET_CODES.has(code)) budgetDenials.inc({ environment, code });
        if (UPSTREAM_CODES.has(code)) upstreamErrors.inc({ environment, provider, reason: code });
      }
      const upstream = event.upstreamStatus;
      if (upstream !== null && (upstream >= 500 || upstream === 429) && (code === null || !UPSTREAM_CODES.has(code))) {
        upstreamErrors.inc({ environment, provider, reason: upstream === 429 ? 'http_429' : 'http_5xx' });
      }
      for (const finding of event.findings ?? []) guardTriggers.inc({ environment, kind: finding.kind, action: finding.action });
    },
    secretRefreshFailed() {
      pushedFailures++;
    },
    alerts: {
      raised(kind) {
        alertsRaised.inc({ kind });
      },
      suppressed(kind) {
        alertsSuppressed.inc({ kind });
      },
    },
    deliveries: {
      failed(destination, reason) {
        deliveryFailures.inc({ destination, reason });
      },
      retried(destination) {
        deliveryRetries.inc({ destination });
      },
    },
    async scrape() {
      if (processMetrics) {
        // Registered at the first scrape, not at start: each registration installs observers
        // (GC, event loop delay) for the life of the process, which test runs starting many
        // gateways do not need.
        processMetrics = false;
        collectDefaultMetrics({ register: registry });
      }
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

/**
 * The secrets runtime's counters and state as metrics, read at each scrape (a few secrets: the
 * view is cheap). Counters follow the runtime's totals. No label names a secret reference.
 */
function registerSecretsMetrics(registry: Registry, view: () => SecretsMetrics): void {
  const registers = [registry];
  const counter = (name: string, help: string, pick: (m: SecretsMetrics) => number): void => {
    let seen = 0;
    new Counter({
      name,
      help,
      registers,
      collect() {
        const total = pick(view());
        if (total > seen) this.inc(total - seen);
        seen = Math.max(seen, total);
      },
    });
  };
  const gauge = (name: string, help: string, pick: (m: SecretsMetrics) => number): void => {
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(pick(view()));
      },
    });
  };
  counter('portcullis_secret_refreshes_total', 'Timed secret refresh reads attempted.', (m) => m.refreshes);
  counter('portcullis_secret_rotations_total', 'Secret reads that brought a new value or version.', (m) => m.rotations);
  counter('portcullis_provider_key_rejections_total', 'Upstream 401/403 answers to a provider key.', (m) => m.keyRejections);
  counter('portcullis_provider_key_failovers_total', 'Requests that moved on from a refused provider key to another one.', (m) => m.keyFailovers);
  gauge('portcullis_secrets_failing', 'Secrets in use whose last refresh failed (the last good value stays in use).', (m) => m.secrets.filter((x) => x.failing).length);
  gauge('portcullis_secret_max_age_seconds', 'Age of the oldest secret in use, from its version creation time where the source tells.', (m) =>
    Math.max(0, ...m.secrets.map((x) => x.ageSeconds ?? 0)),
  );
  gauge('portcullis_provider_keys_bad', 'Provider keys marked bad right now (refused by the provider, tried again later).', (m) => m.badKeys);
}

const BREAKER_STATE = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * Circuit breakers per upstream, read at each scrape. The label is the configured upstream's
 * provider variant and origin (`openai https://api.openai.com`): bounded by the config, no
 * credentials, no query.
 */
function registerBreakerMetrics(registry: Registry, view: () => readonly BreakerSnapshot[]): void {
  const registers = [registry];
  new Gauge({
    name: 'portcullis_upstream_circuit_state',
    help: 'Circuit breaker per upstream: 0 closed, 1 half-open, 2 open.',
    labelNames: ['upstream'] as const,
    registers,
    collect() {
      for (const b of view()) this.set({ upstream: b.upstream }, BREAKER_STATE[b.state]);
    },
  });
  const seen = new Map<string, number>();
  new Counter({
    name: 'portcullis_upstream_circuit_opens_total',
    help: 'Times an upstream circuit opened.',
    labelNames: ['upstream'] as const,
    registers,
    collect() {
      for (const b of view()) {
        const before = seen.get(b.upstream) ?? 0;
        if (b.opens > before) this.inc({ upstream: b.upstream }, b.opens - before);
        seen.set(b.upstream, Math.max(before, b.opens));
      }
    },
  });
}
