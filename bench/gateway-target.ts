import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Library = typeof import('../src/index.js');

/**
 * The gateway as it runs in production: the compiled build in dist/ (`npm run bench` builds it
 * first). Running it from source through tsx costs about 15 % more CPU per request, which would
 * measure the loader, not the gateway. BENCH_FROM_SOURCE=1 measures src/ instead.
 */
async function loadGateway(): Promise<{ library: Library; from: string }> {
  const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
  if (!process.env.BENCH_FROM_SOURCE && existsSync(dist)) return { library: (await import(dist)) as Library, from: 'dist/ (compiled)' };
  return { library: await import('../src/index.js'), from: 'src/ (through tsx)' };
}

/** The environment variable the gateway reads the fake upstream's key from (never a file). */
export const UPSTREAM_KEY_ENV = 'BENCH_UPSTREAM_KEY';

/** Limits far above what the benchmark can reach: every stage runs and meters, none refuses. */
const RATE = { requestsPerMinute: 100_000_000, tokensPerMinute: 1_000_000_000_000, maxConcurrent: 100_000 };
const SPEND = { usdPerDay: 1_000_000_000, usdPerMonth: 1_000_000_000 };

/**
 * Every stage of the limits issue switched on: rate limits (requests, tokens, concurrency) for
 * the key, the user, the client IP, the environment and globally; budgets for the key, the user,
 * the environment and globally; the token policy (tokenizer count, output cap) is on by default.
 * Counters in the default limit store (memory). The benchmark's requests name a user
 * (`"user": "bench-user"`), so the per-user scopes run too.
 */
export const ALL_STAGES_ON: Record<string, unknown> = {
  environments: {
    bench: {
      limits: { perKey: RATE, perUser: RATE, perIp: RATE, environment: RATE },
      budgets: { perKey: SPEND, perUser: SPEND, environment: SPEND },
    },
  },
  limits: { global: RATE },
  budgets: { global: SPEND },
  // A price for any model the table lacks, so no request is refused for want of one.
  pricing: { unknownModel: 'default', defaultPrice: { inputPerMTok: 0.15, outputPerMTok: 0.6 } },
};

/**
 * Limits off: no rate limit, concurrency limit, token limit or budget in any scope (even the
 * default per-key one is removed), so no counter is touched. What cannot be switched off still
 * runs: the output cap and the input count (safety defaults), and the price lookup for the cost.
 */
export const MINIMAL_STAGES: Record<string, unknown> = {
  environments: { bench: { limits: { perKey: {} } } },
};

/**
 * The input and output guards (injection detection, output redaction and link stripping, on by
 * default) switched off, so `all` and `minimal` measure what their issues are about; `guarded`
 * turns them back on over `all`.
 */
const GUARDS_OFF: Record<string, unknown> = {
  environments: { bench: { guard: { injection: { action: 'off' } }, output: { secrets: { action: 'off' }, links: { action: 'off' } } } },
};

/**
 * Every stage on: the limits of `all` plus the guards with their defaults and PII redaction;
 * the answer is scanned with the output hold-back (the bench's non-streamed answers, whole).
 */
export const GUARDED_STAGES: Record<string, unknown> = {
  environments: { bench: { output: { pii: { action: 'redact' } } } },
};

/** `none` adds nothing: for a gateway from before the limits issue (whose schema has no limits). */
export type StageSet = 'all' | 'minimal' | 'none' | 'guarded';

export interface GatewayTargetOptions {
  readonly upstreamUrl: string;
  /** `all`: every stage of the limits issue on (ALL_STAGES_ON); `minimal`: MINIMAL_STAGES; `none`. */
  readonly stages: StageSet;
  /** Write the audit event to stdout too (the product default); off by default, see RESULTS.md. */
  readonly auditStdout: boolean;
  /**
   * Extra configuration merged over the benchmark's own (BENCH_GATEWAY_CONFIG: a JSON/YAML file
   * or inline JSON), to switch on stages as they land.
   */
  readonly overlay: Record<string, unknown> | undefined;
}

export interface GatewayTarget {
  readonly url: string;
  /** A gateway key for the `bench` environment, issued at start. */
  readonly key: string;
  /** The stages the newest audit event records, and the audit events dropped so far. */
  describe(): Promise<string[]>;
  close(): Promise<void>;
}

/** The real gateway, as `createGateway` builds it, with the SQLite store in a temporary data dir. */
export async function startGatewayTarget(options: GatewayTargetOptions): Promise<GatewayTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), 'portcullis-bench-'));
  const base: Record<string, unknown> = {
    server: { host: '127.0.0.1', port: 0 },
    dataDir,
    store: { kind: 'sqlite', path: join(dataDir, 'bench.db') },
    // The audit event is logged at info level: with audit to stdout on, the logger lets it through.
    log: { level: options.auditStdout ? 'info' : 'warn' },
    audit: { stdout: options.auditStdout, store: true },
    egress: { allowPrivateNetworks: true },
    mockProvider: 'never',
    environments: {
      bench: { providers: { openai: { type: 'openai', baseUrl: options.upstreamUrl, apiKey: `env:${UPSTREAM_KEY_ENV}` } } },
    },
  };
  let input =
    options.stages === 'none'
      ? base
      : options.stages === 'guarded'
        ? deepMerge(base, deepMerge(ALL_STAGES_ON, GUARDED_STAGES))
        : deepMerge(base, deepMerge(options.stages === 'all' ? ALL_STAGES_ON : MINIMAL_STAGES, GUARDS_OFF));
  if (options.overlay) input = deepMerge(input, options.overlay);
  const { library, from } = await loadGateway();
  const config = library.parseConfig(input, `the bench config (stages: ${options.stages})`);
  const gateway = await library.createGateway(config);
  const { key } = await library.issueKey(gateway.store, { name: 'bench', environment: 'bench' });
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    url,
    key,
    async describe() {
      await gateway.audit.flush();
      const [event] = await gateway.store.queryAudit({ limit: 1 });
      const stages = event ? event.stages.map((s) => `${s.stage} (${s.decision})`).join(' → ') : 'none recorded';
      return [
        `gateway loaded from ${from}`,
        `request stages seen in the newest audit event: ${stages}`,
        `audit events dropped: ${gateway.audit.dropped}`,
      ];
    },
    async close() {
      await gateway.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Reads BENCH_GATEWAY_CONFIG: inline JSON when it starts with `{`, else a JSON or YAML file. */
export function readOverlay(value: string | undefined): Record<string, unknown> | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim().startsWith('{') ? value : readFileSync(value, 'utf8');
  const parsed: unknown = value.trim().startsWith('{') || value.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (!isRecord(parsed)) throw new Error('BENCH_GATEWAY_CONFIG must hold a configuration object');
  return parsed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(over)) {
    const current = out[name];
    out[name] = isRecord(current) && isRecord(value) ? deepMerge(current, value) : value;
  }
  return out;
}
