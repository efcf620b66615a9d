import { z } from 'zod';

/**
 * Metrics, traces, monitors and alert delivery (docs/monitoring.md). Kept apart from schema.ts
 * because it is one concept with its own vocabulary.
 */

/** A secret reference (`env:NAME`, `file:PATH`, …); mirrors `secretRef` in schema.ts, which imports this file. */
const secretRef = z.string().regex(/^[a-z]+:.+$/, 'a secret reference such as env:WEBHOOK_SECRET');

const timeOfDay = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day as HH:MM (00:00 to 24:00)');
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as UTC or Europe/Berlin');

const factor = z.number().gt(1);
/** EWMA smoothing: the weight of the newest hour (or window) in the baseline. */
const alpha = z.number().gt(0).max(1);

// Each monitor's options, without defaults: the defaults below fill in what neither
// `monitors` nor `perEnvironment.<env>` sets, field by field.
const volumeSpike = z.strictObject({
  enabled: z.boolean(),
  /** Alert when the calls of the current hour reach this multiple of the learned baseline. */
  factor,
  /** Hours with fewer calls than this never alert (quiet systems do not page). */
  minRequestsPerHour: z.number().int().positive(),
  alpha,
  /** Hours of traffic seen before the monitor judges at all. */
  minBaselineHours: z.number().int().positive(),
});

const unusualSpend = z.strictObject({
  enabled: z.boolean(),
  factor,
  /** Hours that cost less than this never alert. */
  minUsdPerHour: z.number().positive(),
  alpha,
  minBaselineHours: z.number().int().positive(),
});

const repeatedTriggers = z.strictObject({
  enabled: z.boolean(),
  /** Alert when one pseudonymized user triggers the guard this many times within `windowMs`. */
  threshold: z.number().int().positive(),
  windowMs: z.number().int().positive(),
  /** Which guard findings count. */
  kinds: z.array(z.enum(['injection', 'jailbreak', 'filter', 'moderation'])).min(1),
  /** Also refuse that user's requests (`user_blocked`) for `blockDurationMs`. */
  blockUser: z.boolean(),
  blockDurationMs: z.number().int().positive(),
});

const errorRate = z.strictObject({
  enabled: z.boolean(),
  /** The ratio is measured over windows of this length. */
  windowMs: z.number().int().positive(),
  /** Alert when a window's error ratio reaches this multiple of the baseline ratio… */
  factor,
  /** …and exceeds the baseline by at least this much (0.1 = ten percentage points). */
  minIncrease: z.number().gt(0).max(1),
  /** Windows with fewer requests than this never alert. */
  minRequests: z.number().int().positive(),
  alpha,
  minBaselineWindows: z.number().int().positive(),
  /** Which answers count as errors. */
  statuses: z.enum(['4xx', '5xx', 'all']),
});

const offHours = z.strictObject({
  enabled: z.boolean(),
  timeZone,
  /** Business days. */
  days: z.array(z.enum(WEEKDAYS)),
  /** Business hours on those days, local time; `start` inclusive, `end` exclusive. */
  start: timeOfDay,
  end: timeOfDay,
  /** Requests outside business hours, per off-hours stretch, before the alert. */
  minRequests: z.number().int().positive(),
  /** Gateway key ids expected to run at night (batch jobs): never counted. */
  ignoreKeys: z.array(z.string().min(1)),
});

export type VolumeSpikeSettings = z.output<typeof volumeSpike>;
export type UnusualSpendSettings = z.output<typeof unusualSpend>;
export type RepeatedTriggersSettings = z.output<typeof repeatedTriggers>;
export type ErrorRateSettings = z.output<typeof errorRate>;
export type OffHoursSettings = z.output<typeof offHours>;

export interface MonitorSettings {
  readonly volumeSpike: VolumeSpikeSettings;
  readonly unusualSpend: UnusualSpendSettings;
  readonly repeatedTriggers: RepeatedTriggersSettings;
  readonly errorRate: ErrorRateSettings;
  readonly offHours: OffHoursSettings;
}

export const MONITOR_DEFAULTS: MonitorSettings = Object.freeze<MonitorSettings>({
  volumeSpike: { enabled: true, factor: 2, minRequestsPerHour: 100, alpha: 0.3, minBaselineHours: 24 },
  unusualSpend: { enabled: true, factor: 2, minUsdPerHour: 1, alpha: 0.3, minBaselineHours: 24 },
  repeatedTriggers: {
    enabled: true,
    threshold: 5,
    windowMs: 600_000,
    kinds: ['injection', 'jailbreak', 'filter', 'moderation'],
    blockUser: false,
    blockDurationMs: 900_000,
  },
  errorRate: { enabled: true, windowMs: 300_000, factor: 2, minIncrease: 0.1, minRequests: 50, alpha: 0.3, minBaselineWindows: 3, statuses: 'all' },
  offHours: { enabled: false, timeZone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '18:00', minRequests: 1, ignoreKeys: [] },
});

const monitorOverrides = z.strictObject({
  volumeSpike: volumeSpike.partial().optional(),
  unusualSpend: unusualSpend.partial().optional(),
  repeatedTriggers: repeatedTriggers.partial().optional(),
  errorRate: errorRate.partial().optional(),
  offHours: offHours.partial().optional(),
});

export type MonitorOverrides = z.output<typeof monitorOverrides>;

const webhook = z
  .strictObject({
    /** Shown in logs and metrics instead of the URL (a Slack webhook URL is itself a credential). */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lowercase letters, digits and "-"'),
    /** An https URL, or a secret reference to one (`env:SLACK_WEBHOOK_URL`). */
    url: z.string().min(1),
    /** The one host this webhook may reach (egress): required when `url` is a secret reference. */
    host: z.string().min(1).optional(),
    /** `slack`: Slack incoming-webhook payload; `json`: the stored alert as JSON. */
    format: z.enum(['slack', 'json']).default('json'),
    /** HMAC-SHA256 key: the request carries `x-portcullis-signature: t=<unix>,v1=<hex>`. */
    signingSecret: secretRef.optional(),
    /** Only these alert kinds / environments (default: all). */
    // Alert kinds (AlertKind in src/observe/alerts.ts) as names: other parts of the gateway add kinds.
    kinds: z.array(z.string().regex(/^[a-z][a-z_]*$/, 'an alert kind such as volume_spike')).optional(),
    environments: z.array(z.string().min(1)).optional(),
    timeoutMs: z.number().int().positive().default(5_000),
    /** Allow a loopback or private address (an on-premises receiver); plain http is allowed only then. */
    allowPrivateNetwork: z.boolean().default(false),
  })
  .superRefine((hook, ctx) => {
    if (!isLiteralUrl(hook.url)) {
      if (!/^[a-z]+:.+$/.test(hook.url)) ctx.addIssue({ code: 'custom', path: ['url'], message: 'an https URL or a secret reference such as env:SLACK_WEBHOOK_URL' });
      else if (hook.host === undefined) ctx.addIssue({ code: 'custom', path: ['host'], message: 'required when url is a secret reference: the host the webhook may reach' });
      return;
    }
    let url: URL;
    try {
      url = new URL(hook.url);
    } catch {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'not a valid URL' });
      return;
    }
    if (url.protocol === 'http:' && !hook.allowPrivateNetwork) {
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'plain http is allowed only with allowPrivateNetwork (a receiver on your own network)' });
    }
    if (hook.host !== undefined && hook.host.toLowerCase() !== url.host.toLowerCase() && hook.host.toLowerCase() !== url.hostname.toLowerCase()) {
      ctx.addIssue({ code: 'custom', path: ['host'], message: `does not match the url's host` });
    }
  });

export type WebhookConfig = z.output<typeof webhook>;

/** True for `http(s)://…`; anything else in `url` is a secret reference. */
export function isLiteralUrl(value: string): boolean {
  return /^https?:\/\//i.test(value);
}

export const monitoringConfig = z.strictObject({
  metrics: z
    .strictObject({
      enabled: z.boolean().default(true),
      path: z.string().regex(/^\/[A-Za-z0-9/_-]*$/).default('/metrics'),
      /** Serve metrics on their own listener instead of the gateway's port (recommended). */
      port: z.number().int().min(0).max(65535).optional(),
      host: z.string().default('127.0.0.1'),
      /** When set, scrapes must send `Authorization: Bearer <token>`. */
      token: secretRef.optional(),
      /** Node.js process metrics (CPU, memory, event loop), registered at the first scrape. */
      processMetrics: z.boolean().default(true),
    })
    .default({ enabled: true, path: '/metrics', host: '127.0.0.1', processMetrics: true }),
  tracing: z
    .strictObject({
      /** OpenTelemetry spans (GenAI semantic conventions) through @opentelemetry/api; no-ops unless an SDK is registered. */
      enabled: z.boolean().default(false),
    })
    .default({ enabled: false }),
  alerts: z
    .strictObject({
      /** The same alert (kind, environment, subject) is raised at most once per cooldown. */
      cooldownMs: z.number().int().min(0).default(3_600_000),
      log: z.boolean().default(true),
      /** Keep alerts in the store (the admin page reads them there). */
      store: z.boolean().default(true),
      webhooks: z.array(webhook).default([]),
      maxAttempts: z.number().int().min(1).max(20).default(5),
      initialBackoffMs: z.number().int().positive().default(1_000),
      maxBackoffMs: z.number().int().positive().default(60_000),
      /** Deliveries waiting per sink; beyond this, new alerts are dropped for that sink (and counted). */
      maxPending: z.number().int().positive().default(1_000),
    })
    .default({ cooldownMs: 3_600_000, log: true, store: true, webhooks: [], maxAttempts: 5, initialBackoffMs: 1_000, maxBackoffMs: 60_000, maxPending: 1_000 }),
  /** Monitor settings for every environment (unset fields: MONITOR_DEFAULTS). */
  monitors: monitorOverrides.default({}),
  /** Per-environment changes on top of `monitors`, field by field. */
  perEnvironment: z.record(z.string(), monitorOverrides).default({}),
});

export type MonitoringConfig = z.output<typeof monitoringConfig>;

/** An environment's monitor settings: defaults ← `monitors` ← `perEnvironment.<env>`, field by field. */
export function monitorSettingsFor(config: MonitoringConfig, environment: string | undefined): MonitorSettings {
  const env = environment === undefined ? undefined : config.perEnvironment[environment];
  return {
    volumeSpike: { ...MONITOR_DEFAULTS.volumeSpike, ...config.monitors.volumeSpike, ...env?.volumeSpike },
    unusualSpend: { ...MONITOR_DEFAULTS.unusualSpend, ...config.monitors.unusualSpend, ...env?.unusualSpend },
    repeatedTriggers: { ...MONITOR_DEFAULTS.repeatedTriggers, ...config.monitors.repeatedTriggers, ...env?.repeatedTriggers },
    errorRate: { ...MONITOR_DEFAULTS.errorRate, ...config.monitors.errorRate, ...env?.errorRate },
    offHours: { ...MONITOR_DEFAULTS.offHours, ...config.monitors.offHours, ...env?.offHours },
  };
}

/** Environment names used under `monitoring` must exist (called from the schema's superRefine). */
export function checkMonitoringEnvironments(
  monitoring: MonitoringConfig,
  environments: readonly string[],
  addIssue: (path: PropertyKey[], message: string) => void,
): void {
  const known = new Set(environments);
  const list = environments.join(', ');
  for (const name of Object.keys(monitoring.perEnvironment)) {
    if (!known.has(name)) addIssue(['monitoring', 'perEnvironment', name], `unknown environment "${name}" (known: ${list})`);
  }
  monitoring.alerts.webhooks.forEach((hook, i) => {
    hook.environments?.forEach((name, j) => {
      if (!known.has(name)) addIssue(['monitoring', 'alerts', 'webhooks', i, 'environments', j], `unknown environment "${name}" (known: ${list})`);
    });
  });
}
