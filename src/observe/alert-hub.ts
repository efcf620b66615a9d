import { randomBytes } from 'node:crypto';
import type { AlertEvent, AlertSink, StoredAlert } from './alerts.js';
import type { Clock } from './clock.js';

/** Where alerts go after deduplication: the log, the store, webhooks (each with its own queue). */
export interface AlertDestination {
  readonly name: string;
  /** Hands the alert over; must not block (network sinks queue and retry on their own). */
  accept(alert: StoredAlert): void;
  /** Waits (at most `timeoutMs`) for deliveries in progress, then stops. */
  close(timeoutMs: number): Promise<void>;
}

export interface AlertCounters {
  raised(kind: string): void;
  suppressed(kind: string): void;
}

export interface AlertHub extends AlertSink {
  /** Deduplicates, stamps an id and hands the alert to every destination; undefined when in cooldown. */
  raise(alert: AlertEvent, environment?: string): StoredAlert | undefined;
  /**
   * (AlertSink) For components that decide themselves how often to alert — the budget stage (once
   * per threshold per period), the audit recorder, the secrets runtime: no cooldown here, else a
   * budget's 80 % alert would be swallowed by its 50 % one.
   */
  emit(alert: AlertEvent): void;
  close(timeoutMs?: number): Promise<void>;
}

export interface AlertHubOptions {
  readonly cooldownMs: number;
  readonly destinations: readonly AlertDestination[];
  readonly clock: Clock;
  readonly counters?: AlertCounters;
}

/** Cooldown entries kept at once; the oldest are forgotten first. */
const MAX_COOLDOWNS = 10_000;

/**
 * The one place alerts pass. A monitor's alert (`raise`) is raised at most once per cooldown for
 * the same kind, environment and subject, so a monitor that keeps seeing the condition does not
 * page every request. Alerts of other components arrive through `emit` (the AlertSink they were
 * given) and are already rate-limited at their source.
 */
export function createAlertHub(options: AlertHubOptions): AlertHub {
  const lastRaised = new Map<string, number>();

  const inCooldown = (alert: AlertEvent, environment: string | undefined, now: number): boolean => {
    const key = `${alert.kind}\u0000${environment ?? ''}\u0000${alert.subject}`;
    const last = lastRaised.get(key);
    if (last !== undefined && now - last < options.cooldownMs) return true;
    lastRaised.delete(key);
    lastRaised.set(key, now);
    if (lastRaised.size > MAX_COOLDOWNS) {
      const oldest = lastRaised.keys().next().value;
      if (oldest !== undefined) lastRaised.delete(oldest);
    }
    return false;
  };

  const deliver = (alert: AlertEvent, environment: string | undefined, now: number): StoredAlert => {
    const stored: StoredAlert = { ...alert, id: newAlertId(now), ...(environment === undefined ? {} : { environment }) };
    options.counters?.raised(alert.kind);
    for (const destination of options.destinations) destination.accept(stored);
    return stored;
  };

  return {
    raise(alert, environment) {
      const now = options.clock();
      if (inCooldown(alert, environment, now)) {
        options.counters?.suppressed(alert.kind);
        return undefined;
      }
      return deliver(alert, environment, now);
    },
    emit(alert) {
      deliver(alert, environmentInSubject(alert.subject), options.clock());
    },
    async close(timeoutMs = 2_000) {
      await Promise.all(options.destinations.map((d) => d.close(timeoutMs)));
    },
  };
}

/** Budget subjects name their environment (`usd-month:env:prod`); other subjects do not. */
function environmentInSubject(subject: string): string | undefined {
  return /(?:^|:)env:([a-z0-9][a-z0-9-]{0,31})(?::|$)/.exec(subject)?.[1];
}

/** `alr_` + 12 hex digits of milliseconds + 16 random hex digits: time-ordered and unguessable. */
export function newAlertId(nowMs: number): string {
  return `alr_${Math.max(0, Math.floor(nowMs)).toString(16).padStart(12, '0')}${randomBytes(8).toString('hex')}`;
}
