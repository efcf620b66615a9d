import type { Logger } from 'pino';
import type { AlertSink } from '../observe/alerts.js';
import type { KeyStore } from '../store/types.js';

export interface ExpiryReminderOptions {
  readonly store: Pick<KeyStore, 'listKeys'>;
  readonly alerts: AlertSink;
  readonly logger: Logger;
  /** Remind when a key expires within this many days (0: off). */
  readonly reminderDays: number;
  readonly checkIntervalMs: number;
  readonly now?: () => number;
}

export interface ExpiryReminders {
  /** Checks now; resolves to the ids reminded about in this check. */
  check(): Promise<string[]>;
  stop(): void;
}

const DAY_MS = 86_400_000;

/**
 * Reminds key owners before a gateway key expires (docs/keys.md#expiry-reminders): one
 * `gateway_key_expiring` alert per key and expiry time, at the first check within
 * `reminderDays` of `expiresAt`. Rotation keeps the key id and its expiry, so the reminder is
 * the owner's cue to ask for a new expiry (a new key) in time. Reminders are kept in memory:
 * after a restart a key still in its window is reminded about once more.
 */
export function startExpiryReminders(options: ExpiryReminderOptions): ExpiryReminders {
  const now = options.now ?? Date.now;
  const reminded = new Set<string>();
  let running: Promise<string[]> | undefined;

  const check = async (): Promise<string[]> => {
    if (options.reminderDays <= 0) return [];
    const at = now();
    const out: string[] = [];
    for (const key of await options.store.listKeys()) {
      if (!key.expiresAt || key.revokedAt) continue;
      const expires = Date.parse(key.expiresAt);
      if (!(expires > at) || expires - at > options.reminderDays * DAY_MS) continue;
      const mark = `${key.id} ${key.expiresAt}`;
      if (reminded.has(mark)) continue;
      reminded.add(mark);
      out.push(key.id);
      const days = Math.max(0, Math.ceil((expires - at) / DAY_MS));
      const message = `gateway key ${key.id} ("${key.name}", environment ${key.environment}) expires on ${key.expiresAt}, in ${days} day${days === 1 ? '' : 's'}; issue its owner a new key before then`;
      options.alerts.emit({
        kind: 'gateway_key_expiring',
        time: new Date(at).toISOString(),
        subject: key.id,
        message,
        evidence: { keyId: key.id, name: key.name, environment: key.environment, expiresAt: key.expiresAt, daysLeft: days },
      });
    }
    return out;
  };

  const run = (): Promise<string[]> => {
    running ??= check().finally(() => {
      running = undefined;
    });
    return running;
  };
  const tick = (): void => {
    run().catch((err: unknown) => {
      options.logger.warn({ err: (err as Error).message }, 'checking gateway key expiry failed');
    });
  };
  const timer = options.reminderDays > 0 ? setInterval(tick, options.checkIntervalMs) : undefined;
  timer?.unref();
  // The first check soon after start, off the start path.
  const first = options.reminderDays > 0 ? setTimeout(tick, 0) : undefined;
  first?.unref();
  return {
    check: run,
    stop() {
      if (timer) clearInterval(timer);
      if (first) clearTimeout(first);
    },
  };
}
