import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { ProviderKeySpec } from '../config/secrets.js';
import type { AlertSink } from '../observe/alerts.js';
import { ProviderKeyRing, type ProviderKey } from '../upstream/provider-keys.js';
import { SecretHandle } from './handle.js';
import type { SecretResolver } from './resolve.js';
import type { Secret } from './secret.js';
import { statusFilePath, writeStatusFile, type ProviderKeyStatus, type SecretsCounters, type SecretsStatus } from './status-file.js';
import { secretSourceWarnings } from './warnings.js';

export interface SecretsRuntimeOptions {
  readonly config: Pick<Config, 'secrets' | 'environments' | 'dataDir'>;
  readonly resolver: SecretResolver;
  /** Close the resolver's sources on close (the gateway made it). */
  readonly ownsResolver?: boolean;
  readonly logger: Logger;
  readonly alerts: AlertSink;
  /** Where to write the status for `secrets status`; null: nowhere. Default `<dataDir>/secrets-status.json`. */
  readonly statusFile?: string | null;
  readonly now?: () => number;
}

/** A plain view for metrics (src/observe/metrics*.ts reads it at scrape time). */
export interface SecretsMetrics extends SecretsCounters {
  readonly secrets: readonly { readonly ref: string; readonly ageSeconds: number | null; readonly failing: boolean; readonly consecutiveFailures: number }[];
  /** Provider keys marked bad right now. */
  readonly badKeys: number;
}

/**
 * The gateway's secrets while it runs: one handle per reference (shared by every environment
 * that uses it), provider key rings, the refresh timer, counters, alerts and the status file.
 * It is also the gateway's SecretResolver (store URLs, the pseudonym secret).
 */
export interface SecretsRuntime extends SecretResolver {
  /** The key ring of one provider of one environment; its secrets are read before it returns. */
  providerKeys(environment: string, provider: string, specs: readonly ProviderKeySpec[], selection: 'ordered' | 'weighted' | undefined): Promise<ProviderKeyRing>;
  /** Reads every secret in use again (the timer calls this). */
  refreshAll(): Promise<void>;
  counters(): SecretsCounters;
  metrics(): SecretsMetrics;
  status(): SecretsStatus;
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;
/** While a secret's refreshes keep failing, its alert is repeated this often. */
const REFRESH_ALERT_REPEAT_MS = 3_600_000;

export function isSecretsRuntime(resolver: SecretResolver): resolver is SecretsRuntime {
  return typeof (resolver as Partial<SecretsRuntime>).providerKeys === 'function';
}

export function createSecretsRuntime(options: SecretsRuntimeOptions): SecretsRuntime {
  const { config, resolver, logger, alerts } = options;
  const settings = config.secrets;
  const now = options.now ?? Date.now;
  const statusPath = options.statusFile === undefined ? statusFilePath(config.dataDir) : options.statusFile;
  const handles = new Map<string, SecretHandle>();
  const rings = new Map<string, { environment: string; provider: string; ring: ProviderKeyRing }>();
  const counters = { refreshes: 0, refreshFailures: 0, rotations: 0, keyRejections: 0, keyFailovers: 0 };
  /** `ref version` pairs already warned about as too old. */
  const agedWarned = new Set<string>();
  /** Last secret_refresh_failed alert per secret: one when a failure streak starts, then hourly. */
  const refreshAlerted = new Map<SecretHandle, number>();
  /** Last provider_key_rejected alert per key, so a burst of 401s is one alert per cooldown. */
  const rejectAlerted = new Map<ProviderKey, number>();
  let statusTimer: NodeJS.Timeout | undefined;
  let statusWriteFailed = false;
  let closed = false;

  const alert = (kind: 'secret_refresh_failed' | 'provider_key_rejected' | 'provider_key_old', subject: string, message: string, evidence: Record<string, string | number | null>): void => {
    alerts.emit({ kind, time: new Date(now()).toISOString(), subject, message, evidence });
  };

  for (const warning of secretSourceWarnings(config)) {
    logger.warn({ code: warning.code, environment: warning.environment, provider: warning.provider, keyName: warning.keyName, ref: warning.ref }, warning.message);
  }

  const handleFor = (ref: string): SecretHandle => {
    let handle = handles.get(ref);
    if (!handle) {
      handle = new SecretHandle(ref, resolver, now);
      handles.set(ref, handle);
      // Whatever read it (the timer, or a request whose key the provider refused).
      handle.onChange((secret) => {
        counters.rotations += 1;
        logger.info({ ref, version: secret.version }, `secret ${ref} has a new value; new requests use it`);
        writeStatusSoon();
      });
    }
    return handle;
  };

  const ageDays = (handle: SecretHandle): number | null => {
    const created = handle.loaded ? handle.current.createdAt : null;
    return created ? (now() - created.getTime()) / DAY_MS : null;
  };

  const checkAge = (handle: SecretHandle): void => {
    const days = ageDays(handle);
    if (days === null || days <= settings.rotationMaxAgeDays) return;
    const version = handle.current.version ?? '';
    if (agedWarned.has(`${handle.ref} ${version}`)) return;
    agedWarned.add(`${handle.ref} ${version}`);
    const message = `secret ${handle.ref} (version ${version || 'unknown'}) is ${Math.floor(days)} days old, older than the rotation policy of ${settings.rotationMaxAgeDays} days; rotate it`;
    logger.warn({ ref: handle.ref, version: version || null, ageDays: Math.floor(days) }, message);
    alert('provider_key_old', handle.ref, message, { ref: handle.ref, version: version || null, ageDays: Math.floor(days), maxAgeDays: settings.rotationMaxAgeDays });
  };

  const inUse = (): SecretHandle[] => [...new Set([...rings.values()].flatMap(({ ring }) => ring.keys.map((k) => k.handle)))];

  const status = (): SecretsStatus => {
    const providerKeys: ProviderKeyStatus[] = [...rings.values()].flatMap(({ environment, provider, ring }) =>
      ring.keys.map((key) => {
        const mark = ring.badMark(key);
        return {
          environment,
          provider,
          name: key.name,
          ref: key.ref,
          weight: key.weight,
          selection: ring.selection,
          badUntil: mark ? new Date(mark.until).toISOString() : null,
          badStatus: mark?.status ?? null,
        };
      }),
    );
    return {
      writtenAt: new Date(now()).toISOString(),
      pid: process.pid,
      refreshIntervalMs: settings.refreshIntervalMs,
      rotationMaxAgeDays: settings.rotationMaxAgeDays,
      counters: { ...counters },
      secrets: inUse().map((handle) => {
        const days = ageDays(handle);
        return { ...handle.state(), ageDays: days === null ? null : Math.round(days * 10) / 10, tooOld: days !== null && days > settings.rotationMaxAgeDays };
      }),
      providerKeys,
    };
  };

  const writeStatus = (): void => {
    if (statusPath === null || closed) return;
    try {
      writeStatusFile(statusPath, status());
      statusWriteFailed = false;
    } catch (err) {
      if (!statusWriteFailed) logger.warn({ path: statusPath, err: (err as NodeJS.ErrnoException).code ?? 'error' }, 'cannot write the secrets status file; `portcullis secrets status` will read the stores itself');
      statusWriteFailed = true;
    }
  };
  /** Bad-key marks come in bursts: one write a second at most. */
  const writeStatusSoon = (): void => {
    if (statusTimer || statusPath === null) return;
    statusTimer = setTimeout(() => {
      statusTimer = undefined;
      writeStatus();
    }, 1_000);
    statusTimer.unref();
  };

  const refreshOne = async (handle: SecretHandle): Promise<void> => {
    counters.refreshes += 1;
    const result = await handle.refresh();
    if (result.kind === 'failed') {
      counters.refreshFailures += 1;
      const failures = handle.state().consecutiveFailures;
      const message = `refreshing secret ${handle.ref} failed (${failures} in a row); the last good value stays in use`;
      // The error names the reference and the store's status, never a value (reference.ts).
      logger.warn({ ref: handle.ref, failures, err: result.error.message }, message);
      const last = refreshAlerted.get(handle);
      if (failures === 1 || last === undefined || now() - last >= REFRESH_ALERT_REPEAT_MS) {
        refreshAlerted.set(handle, now());
        alert('secret_refresh_failed', handle.ref, message, { ref: handle.ref, consecutiveFailures: failures, error: result.error.message.slice(0, 300) });
      }
      return;
    }
    if (refreshAlerted.delete(handle)) logger.info({ ref: handle.ref }, `refreshing secret ${handle.ref} works again`);
    checkAge(handle);
  };

  let refreshing: Promise<void> | undefined;
  const refreshAll = (): Promise<void> => {
    refreshing ??= Promise.all(inUse().map(refreshOne))
      .then(() => {
        writeStatus();
      })
      .finally(() => {
        refreshing = undefined;
      });
    return refreshing;
  };

  const timer =
    settings.refreshIntervalMs > 0
      ? setInterval(() => {
          refreshAll().catch((err: unknown) => {
            logger.error({ err: (err as Error).message }, 'secret refresh round failed');
          });
        }, settings.refreshIntervalMs)
      : undefined;
  timer?.unref();

  return {
    resolve: (ref: string): Promise<Secret> => resolver.resolve(ref),
    async providerKeys(environment, provider, specs, selection) {
      const keys: ProviderKey[] = specs.map((spec) => ({ name: spec.name, ref: spec.ref, weight: spec.weight, handle: handleFor(spec.ref) }));
      // The first read must succeed: a gateway that cannot read a configured key does not start.
      await Promise.all(
        keys.map(async ({ handle }) => {
          if (handle.loaded) return;
          const result = await handle.refresh();
          if (result.kind === 'failed') throw result.error;
          checkAge(handle);
        }),
      );
      const ring = new ProviderKeyRing(keys, {
        selection,
        cooldownMs: settings.badKeyCooldownMs,
        now,
        events: {
          onRejected(key, statusCode) {
            counters.keyRejections += 1;
            writeStatusSoon();
            const last = rejectAlerted.get(key);
            if (last !== undefined && now() - last < settings.badKeyCooldownMs) return;
            rejectAlerted.set(key, now());
            const message = `the ${provider} provider refused key "${key.name}" (${key.ref}) of environment ${environment} with HTTP ${statusCode}; it is tried last for ${Math.round(settings.badKeyCooldownMs / 1000)} s`;
            logger.warn({ environment, provider, keyName: key.name, ref: key.ref, status: statusCode }, message);
            alert('provider_key_rejected', `${environment}/${provider}/${key.name}`, message, { environment, provider, keyName: key.name, ref: key.ref, status: statusCode });
          },
          onFailover() {
            counters.keyFailovers += 1;
          },
        },
      });
      rings.set(`${environment}\u0000${provider}`, { environment, provider, ring });
      writeStatusSoon();
      return ring;
    },
    refreshAll,
    counters: () => ({ ...counters }),
    metrics() {
      const current = status();
      return {
        ...current.counters,
        secrets: inUse().map((handle) => {
          const created = handle.loaded ? handle.current.createdAt : null;
          const state = handle.state();
          return {
            ref: handle.ref,
            ageSeconds: created ? Math.max(0, Math.round((now() - created.getTime()) / 1000)) : null,
            failing: state.consecutiveFailures > 0,
            consecutiveFailures: state.consecutiveFailures,
          };
        }),
        badKeys: current.providerKeys.filter((k) => k.badUntil !== null).length,
      };
    },
    status,
    async close() {
      if (timer) clearInterval(timer);
      if (statusTimer) clearTimeout(statusTimer);
      statusTimer = undefined;
      writeStatus();
      closed = true;
      await refreshing?.catch(() => undefined);
      if (options.ownsResolver) await resolver.close?.();
    },
  };
}
