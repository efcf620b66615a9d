import { parseArgs } from 'node:util';
import type { Config } from '../config/schema.js';
import { providerKeySpecs } from '../config/secrets.js';
import { createSecretResolver } from '../secrets/resolve.js';
import { configuredSources } from '../secrets/sources.js';
import { readStatusFile, statusFilePath, type SecretsStatus } from '../secrets/status-file.js';
import { secretSourceWarnings } from '../secrets/warnings.js';
import { loadCliConfig } from './context.js';
import { UsageError, type CliIo } from './io.js';

export const SECRETS_USAGE = 'portcullis secrets status [--config FILE] [--json] [--live]';

/** One provider key as `secrets status` shows it: where it comes from and its state, never its value. */
export interface KeyStatusRow {
  readonly environment: string;
  readonly provider: string;
  readonly name: string;
  readonly ref: string;
  readonly version: string | null;
  readonly createdAt: string | null;
  readonly ageDays: number | null;
  readonly tooOld: boolean;
  readonly lastRefreshAt: string | null;
  /** `ok`, `failing (N)` or the live read's error. */
  readonly refresh: string;
  readonly badUntil: string | null;
  readonly badStatus: number | null;
}

const DAY_MS = 86_400_000;

export async function secretsCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parseArgs({ args: rest, options: { config: { type: 'string' }, json: { type: 'boolean', default: false }, live: { type: 'boolean', default: false } } });
  if (sub !== 'status') throw new UsageError(sub === undefined ? 'secrets needs a subcommand: status' : `unknown secrets subcommand "${sub}"`);
  const config = loadCliConfig(values.config, io);
  const gatewayStatus = values.live ? undefined : readStatusFile(statusFilePath(config.dataDir));
  const rows = gatewayStatus ? fromGateway(config, gatewayStatus) : await fromStores(config, io.env);
  const warnings = secretSourceWarnings(config).map((w) => w.message);
  const unreadable = rows.filter((r) => r.refresh !== 'ok').length;
  if (values.json) {
    io.out(
      JSON.stringify({
        source: gatewayStatus ? 'gateway' : 'live',
        statusWrittenAt: gatewayStatus?.writtenAt ?? null,
        gatewayPid: gatewayStatus?.pid ?? null,
        rotationMaxAgeDays: config.secrets.rotationMaxAgeDays,
        counters: gatewayStatus?.counters ?? null,
        keys: rows,
        warnings,
      }),
    );
  } else {
    io.out(
      gatewayStatus
        ? `Provider keys as the running gateway (pid ${gatewayStatus.pid}) reported them at ${gatewayStatus.writtenAt}:`
        : 'Provider keys read from the secret stores now (no gateway status file, or --live):',
    );
    io.out(formatTable(rows));
    const old = rows.filter((r) => r.tooOld);
    if (old.length > 0) io.out(`\n${old.length} key(s) older than the rotation policy (${config.secrets.rotationMaxAgeDays} days): rotate them (docs/secrets.md#rotation-runbook).`);
    for (const warning of warnings) io.out(`warning: ${warning}`);
  }
  return unreadable > 0 ? 1 : 0;
}

function keysOf(config: Config): { environment: string; provider: string; name: string; ref: string }[] {
  return Object.entries(config.environments).flatMap(([environment, env]) =>
    Object.entries(env.providers).flatMap(([provider, providerConfig]) =>
      providerKeySpecs(providerConfig).map((spec) => ({ environment, provider, name: spec.name, ref: spec.ref })),
    ),
  );
}

/** The running gateway's view, from its status file (it holds no values). */
function fromGateway(config: Config, status: SecretsStatus): KeyStatusRow[] {
  const maxAge = config.secrets.rotationMaxAgeDays;
  return keysOf(config).map((key) => {
    const secret = status.secrets.find((s) => s.ref === key.ref);
    const mark = status.providerKeys.find((k) => k.environment === key.environment && k.provider === key.provider && k.name === key.name);
    const ageDays = secret?.createdAt ? ageOf(secret.createdAt) : null;
    return {
      ...key,
      version: secret?.version ?? null,
      createdAt: secret?.createdAt ?? null,
      ageDays,
      tooOld: ageDays !== null && ageDays > maxAge,
      lastRefreshAt: secret?.lastRefreshAt ?? null,
      refresh: !secret ? 'not in use by the gateway' : secret.consecutiveFailures > 0 ? `failing (${secret.consecutiveFailures}): ${secret.lastError ?? ''}` : 'ok',
      badUntil: mark?.badUntil ?? null,
      badStatus: mark?.badStatus ?? null,
    };
  });
}

/** Reads every reference now; the values are dropped at once, only versions and times are kept. */
async function fromStores(config: Config, env: NodeJS.ProcessEnv): Promise<KeyStatusRow[]> {
  const resolver = createSecretResolver(configuredSources(config.secrets, env));
  const maxAge = config.secrets.rotationMaxAgeDays;
  try {
    const keys = keysOf(config);
    type Read = { version: string | null; createdAt: string | null; error: string | null };
    const reads = new Map<string, Read>(
      await Promise.all(
        [...new Set(keys.map((k) => k.ref))].map(async (ref): Promise<[string, Read]> => {
          try {
            const secret = await resolver.resolve(ref);
            return [ref, { version: secret.version, createdAt: secret.createdAt?.toISOString() ?? null, error: null }];
          } catch (err) {
            return [ref, { version: null, createdAt: null, error: (err as Error).message }];
          }
        }),
      ),
    );
    const now = new Date().toISOString();
    return keys.map((key) => {
      const read = reads.get(key.ref)!;
      const ageDays = read.createdAt ? ageOf(read.createdAt) : null;
      return {
        ...key,
        version: read.version,
        createdAt: read.createdAt,
        ageDays,
        tooOld: ageDays !== null && ageDays > maxAge,
        lastRefreshAt: read.error ? null : now,
        refresh: read.error ?? 'ok',
        badUntil: null,
        badStatus: null,
      };
    });
  } finally {
    await resolver.close?.();
  }
}

function ageOf(createdAt: string): number {
  return Math.floor(((Date.now() - Date.parse(createdAt)) / DAY_MS) * 10) / 10;
}

function formatTable(rows: readonly KeyStatusRow[]): string {
  if (rows.length === 0) return 'No provider keys are configured.';
  const header = ['ENV', 'PROVIDER', 'KEY', 'REFERENCE', 'VERSION', 'AGE', 'LAST REFRESH', 'REFRESH', 'BAD UNTIL'];
  const cells = rows.map((r) => [
    r.environment,
    r.provider,
    r.name,
    r.ref,
    r.version ?? '-',
    r.ageDays === null ? 'unknown' : `${Math.floor(r.ageDays)}d${r.tooOld ? ' (!)' : ''}`,
    r.lastRefreshAt?.slice(0, 19) ?? '-',
    r.refresh,
    r.badUntil ? `${r.badUntil.slice(0, 19)} (HTTP ${String(r.badStatus)})` : '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  return [header, ...cells].map((row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
