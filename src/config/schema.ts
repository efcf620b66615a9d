import { z } from 'zod';
import { BUILT_IN_PROFILES } from '../detect/filters/profiles.js';
import { filterProfileConfig, guardConfig } from './guard.js';
import { managedPrompt, systemPromptConfig } from './prompts.js';
import { outputGuardConfig } from './output.js';
import { auditQueueConfig } from './audit-queue.js';
import { checkManagersConfigured, checkProviderKeys, providerKeyFields, secretsConfig } from './secrets.js';
import { requestLimitsConfig } from './request-limits.js';
import { adminConfig } from './admin.js';
import { upstreamPolicyFields } from './upstream-policy.js';
import { checkMonitoringEnvironments, monitoringConfig } from './monitoring.js';

/**
 * The configuration schema. Every object is strict (unknown keys are rejected with their path and
 * a hint, see load.ts), and every number carries its unit in its name.
 */

/** A reference to a secret, never the secret itself: `env:NAME` or `file:PATH` (more schemes later). */
export const secretRef = z
  .string()
  .regex(/^[a-z]+:.+$/, 'a secret reference such as env:OPENAI_API_KEY or file:/run/secrets/openai');

/** Environment names appear inside gateway keys (`pcl_<env>_…`), so they stay short and plain. */
export const environmentName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lowercase letters, digits and "-", at most 32 characters');

const httpUrl = z.url({ protocol: /^https?$/ });

const openaiProvider = z.strictObject({
  type: z.literal('openai'),
  baseUrl: httpUrl.default('https://api.openai.com'),
  ...providerKeyFields,
  organization: z.string().optional(),
  project: z.string().optional(),
  ...upstreamPolicyFields,
}).superRefine(checkProviderKeys);

/** Azure OpenAI: deployment URLs, the `api-key` header and an `api-version` query parameter. */
const azureProvider = z.strictObject({
  type: z.literal('azure'),
  endpoint: httpUrl,
  ...providerKeyFields,
  apiVersion: z.string().min(1).default('2024-10-21'),
  /** Model name the client asks for → Azure deployment name. */
  deployments: z.record(z.string(), z.string().min(1)),
  ...upstreamPolicyFields,
}).superRefine(checkProviderKeys);

const anthropicProvider = z.strictObject({
  type: z.literal('anthropic').default('anthropic'),
  baseUrl: httpUrl.default('https://api.anthropic.com'),
  ...providerKeyFields,
  ...upstreamPolicyFields,
}).superRefine(checkProviderKeys);

/** A fallback deployment for an OpenAI-API provider: plain OpenAI or Azure, without a fallback of its own. */
const openaiFallback = z.discriminatedUnion('type', [openaiProvider, azureProvider]);

/** Rate limits of one scope. Absent fields mean no limit of that kind for the scope. */
const rateLimits = z.strictObject({
  requestsPerMinute: z.number().int().positive().optional(),
  /** Input + output tokens; reserved at admission (input count + output cap), settled to actual use. */
  tokensPerMinute: z.number().int().positive().optional(),
  /** Requests in flight at once (a stream counts until it ends). */
  maxConcurrent: z.number().int().positive().optional(),
});

/** Hard spending caps of one scope, in US dollars per calendar day and/or month. */
const budget = z.strictObject({
  usdPerDay: z.number().positive().optional(),
  usdPerMonth: z.number().positive().optional(),
});

const tokenPolicy = z.strictObject({
  /** Longest accepted input, counted with a real tokenizer before forwarding. */
  maxInputTokens: z.number().int().positive().default(128_000),
  /** Output cap injected when the client sets none. */
  defaultMaxOutputTokens: z.number().int().positive().default(4_096),
  /** Highest output cap a client may ask for. */
  maxOutputTokens: z.number().int().positive().default(16_384),
  /** Above the cap: lower it to the cap, or refuse the request. */
  overMaxOutput: z.enum(['clamp', 'reject']).default('clamp'),
});

const environment = z.strictObject({
  providers: z
    .strictObject({
      // `fallback`: a second deployment of the same API, used when this one fails (upstream-policy.ts).
      openai: z.discriminatedUnion('type', [openaiProvider.safeExtend({ fallback: openaiFallback.optional() }), azureProvider.safeExtend({ fallback: openaiFallback.optional() })]).optional(),
      anthropic: anthropicProvider.safeExtend({ fallback: anthropicProvider.optional() }).optional(),
    })
    .default({}),
  /** When set, only these models may be called in this environment (exact names or `prefix*`). */
  allowedModels: z.array(z.string().min(1)).optional(),
  /** Rate limits per gateway key, per end user, per client IP, and for the environment as a whole. */
  limits: z
    .strictObject({
      perKey: rateLimits.default({ requestsPerMinute: 600, maxConcurrent: 64 }),
      perUser: rateLimits.optional(),
      perIp: rateLimits.optional(),
      environment: rateLimits.optional(),
    })
    .default({ perKey: { requestsPerMinute: 600, maxConcurrent: 64 } }),
  budgets: z
    .strictObject({ perKey: budget.optional(), perUser: budget.optional(), environment: budget.optional() })
    .default({}),
  tokens: tokenPolicy.default(tokenPolicy.parse({})),
  /** Prompt-injection detection, application filters and moderation (docs/detection.md). */
  guard: guardConfig.default(guardConfig.parse({})),
  /** Managed system prompts and their protection (docs/output-guard.md). */
  systemPrompt: systemPromptConfig.default(systemPromptConfig.parse({})),
  /** Checks on model output, streamed or not: secrets, PII, exfiltration links (docs/output-guard.md). */
  output: outputGuardConfig.default(outputGuardConfig.parse({})),
});

const server = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8787),
  bodyLimitBytes: z.number().int().positive().default(4 * 1024 * 1024),
  maxJsonDepth: z.number().int().min(2).max(1000).default(64),
  /** Time a client has to send its whole request (slow clients are cut off). */
  requestTimeoutMs: z.number().int().positive().default(60_000),
  /**
   * Which proxies may set X-Forwarded-For (for per-IP limits and the audit): false (none, the
   * socket address counts), a hop count, or a list of addresses/CIDRs. Never `true` blindly.
   */
  trustProxy: z.union([z.literal(false), z.number().int().positive(), z.array(z.string().min(1))]).default(false),
  /** Readiness turns false this long before the listener closes on shutdown (load balancers notice). */
  shutdownGraceMs: z.number().int().min(0).default(5_000),
  /** After the listener closed, in-flight requests and streams get this long before the process exits. */
  shutdownDrainMs: z.number().int().positive().default(30_000),
  /** Counts, lengths, header size and slow-client timeouts of one request (config/request-limits.ts). */
  requestLimits: requestLimitsConfig.default(requestLimitsConfig.parse({})),
});

const upstream = z.strictObject({
  connectTimeoutMs: z.number().int().positive().default(10_000),
  /** Time to the upstream's response headers; long for slow non-streamed completions. */
  headersTimeoutMs: z.number().int().positive().default(600_000),
  /** Longest silence between two body chunks. */
  bodyTimeoutMs: z.number().int().positive().default(300_000),
  connectionsPerOrigin: z.number().int().positive().default(128),
  /** The whole upstream exchange of one request: every attempt, backoff and the streamed body. */
  totalTimeoutMs: z.number().int().positive().default(900_000),
});

const egress = z.strictObject({
  /** Hosts allowed beyond those derived from the configured providers. */
  allowHosts: z.array(z.string().min(1)).default([]),
  /** Loopback, private and link-local destinations are refused unless this is set. */
  allowPrivateNetworks: z.boolean().default(false),
});

const audit = z.strictObject({
  /** HMAC key for pseudonymizing end-user ids; generated and kept in the data dir when absent. */
  pseudonymSecret: secretRef.optional(),
  stdout: z.boolean().default(true),
  store: z.boolean().default(true),
  queue: auditQueueConfig.default(auditQueueConfig.parse({})),
});

const store = z.strictObject({
  /** Keys and audit: SQLite for one machine, PostgreSQL when several instances run, memory for tests. */
  kind: z.enum(['sqlite', 'postgres', 'memory']).default('sqlite'),
  /** SQLite file; defaults to `<dataDir>/portcullis.db`. */
  path: z.string().optional(),
  /** PostgreSQL connection URL, as a secret reference (`env:DATABASE_URL`). */
  url: secretRef.optional(),
  /**
   * SQLite only: when an audit batch counts as stored. `normal`: committed to the WAL — survives a
   * crash or kill of the process (the operating system has the write), not a power loss of the
   * machine. `full`: also synced to disk before it is acknowledged (one fsync per batch: about 20 %
   * more CPU per request in the benchmark, and a longer write lock).
   */
  auditSync: z.enum(['normal', 'full']).default('normal'),
});

const price = z.strictObject({
  inputPerMTok: z.number().min(0),
  cachedInputPerMTok: z.number().min(0).optional(),
  outputPerMTok: z.number().min(0),
});

const limitsConfig = z.strictObject({
  /** Limits over all environments together. */
  global: rateLimits.optional(),
  /** Where counters live: one process (memory), one machine (sqlite), or many instances (redis, postgres). */
  store: z
    .strictObject({
      kind: z.enum(['memory', 'sqlite', 'redis', 'postgres']).default('memory'),
      /** Connection URL (a secret reference) for redis and postgres. */
      url: secretRef.optional(),
      /** Longest wait for the counter store on the request path. */
      timeoutMs: z.number().int().positive().default(250),
    })
    .default({ kind: 'memory', timeoutMs: 250 }),
  /** When the counter store fails: refuse requests (fail-closed) or let them through unmetered (fail-open). */
  onStoreError: z
    .strictObject({
      rateLimits: z.enum(['fail-closed', 'fail-open']).default('fail-closed'),
      budgets: z.enum(['fail-closed', 'fail-open']).default('fail-closed'),
    })
    .default({ rateLimits: 'fail-closed', budgets: 'fail-closed' }),
  /** A concurrency slot whose holder died is freed after this long. */
  concurrencyLeaseMs: z.number().int().positive().default(900_000),
});

const budgetsConfig = z.strictObject({
  global: budget.optional(),
  /** IANA time zone whose days and months the budgets follow. */
  timeZone: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as UTC or Europe/Berlin')
    .default('UTC'),
  /** Fractions of a budget at which one alert event is raised per period. */
  alertThresholds: z.array(z.number().gt(0).max(1)).default([0.5, 0.8, 1]),
});

const pricing = z.strictObject({
  /** A model missing from the price table: refuse it, or charge the default price. Never zero. */
  unknownModel: z.enum(['deny', 'default']).default('deny'),
  defaultPrice: price.optional(),
});

export const configSchema = z.strictObject({
  server: server.default(server.parse({})),
  dataDir: z.string().default('.portcullis'),
  store: store.default(store.parse({})),
  log: z.strictObject({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') }).default({ level: 'info' }),
  audit: audit.default(audit.parse({})),
  egress: egress.default(egress.parse({})),
  upstream: upstream.default(upstream.parse({})),
  limits: limitsConfig.default(limitsConfig.parse({})),
  budgets: budgetsConfig.default(budgetsConfig.parse({})),
  pricing: pricing.default({ unknownModel: 'deny' }),
  /** Managed system prompts by name, for `environments.<env>.systemPrompt`. */
  prompts: z.record(z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, ".", "_" and "-"'), managedPrompt).default({}),
  /** Application filter profiles by name, for `environments.<env>.guard.filters.profiles`. */
  filterProfiles: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lowercase letters, digits and "-"'), filterProfileConfig).default({}),
  environments: z.record(environmentName, environment).refine((envs) => Object.keys(envs).length > 0, 'at least one environment'),
  /** `auto`: a built-in mock provider serves when no environment has any provider configured. */
  mockProvider: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Secrets managers, refresh, rotation policy and gateway-key expiry reminders (docs/secrets.md). */
  secrets: secretsConfig.default(secretsConfig.parse({})),
  /** The admin page at /admin (docs/admin.md); off unless `admin.token` is set. */
  admin: adminConfig.default({}),
  /** Metrics, traces, monitors and alert delivery (docs/monitoring.md). */
  monitoring: monitoringConfig.default(monitoringConfig.parse({})),
}).superRefine((config, ctx) => {
  checkManagersConfigured(config, ctx);
  checkMonitoringEnvironments(config.monitoring, Object.keys(config.environments), (path, message) => {
    ctx.addIssue({ code: 'custom', path, message });
  });
  // Profile and prompt names are checked here so a typo stops the start with the option's path.
  const known = new Set<string>([...Object.keys(BUILT_IN_PROFILES), ...Object.keys(config.filterProfiles)]);
  for (const name of Object.keys(config.filterProfiles)) {
    if (Object.hasOwn(BUILT_IN_PROFILES, name)) {
      ctx.addIssue({ code: 'custom', path: ['filterProfiles', name], message: `"${name}" is a built-in profile; choose another name` });
    }
  }
  for (const [envName, env] of Object.entries(config.environments)) {
    const check = (path: PropertyKey[], names: readonly string[]): void => {
      for (const [i, name] of names.entries()) {
        if (!known.has(name)) ctx.addIssue({ code: 'custom', path: [...path, i], message: `unknown filter profile "${name}" (known: ${[...known].join(', ')})` });
      }
    };
    check(['environments', envName, 'guard', 'filters', 'profiles'], env.guard.filters.profiles);
    const prompt = (path: PropertyKey[], name: string | undefined): void => {
      if (name !== undefined && !Object.hasOwn(config.prompts, name)) {
        ctx.addIssue({ code: 'custom', path, message: `unknown prompt "${name}" (defined under prompts: ${Object.keys(config.prompts).join(', ') || 'none'})` });
      }
    };
    const sp = env.systemPrompt;
    prompt(['environments', envName, 'systemPrompt', 'default'], sp.default);
    sp.selectable.forEach((name, i) => { prompt(['environments', envName, 'systemPrompt', 'selectable', i], name); });
    for (const [keyId, override] of Object.entries(sp.perKey)) {
      prompt(['environments', envName, 'systemPrompt', 'perKey', keyId, 'default'], override.default);
      override.selectable?.forEach((name, i) => { prompt(['environments', envName, 'systemPrompt', 'perKey', keyId, 'selectable', i], name); });
    }
    for (const [keyId, override] of Object.entries(env.guard.perKey)) {
      if (override.filters?.profiles) check(['environments', envName, 'guard', 'perKey', keyId, 'filters', 'profiles'], override.filters.profiles);
    }
  }
});

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type EnvironmentConfig = z.output<typeof environment>;
export type OpenAIProviderConfig = z.output<typeof openaiProvider>;
export type AzureProviderConfig = z.output<typeof azureProvider>;
export type AnthropicProviderConfig = z.output<typeof anthropicProvider>;
export type ProviderConfig = OpenAIProviderConfig | AzureProviderConfig | AnthropicProviderConfig;
export type RateLimitsConfig = z.output<typeof rateLimits>;
export type BudgetConfig = z.output<typeof budget>;
export type TokenPolicyConfig = z.output<typeof tokenPolicy>;
export type PriceConfig = z.output<typeof price>;
