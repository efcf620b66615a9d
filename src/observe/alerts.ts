import type { Logger } from 'pino';

/** What raised an alert: the budget thresholds (limits) and the monitors (docs/monitoring.md). */
export type AlertKind = 'budget_threshold' | 'volume_spike' | 'unusual_spend' | 'repeated_triggers' | 'error_rate' | 'off_hours'
  // The audit recorder (src/audit/recorder.ts): events not stored, and a store write being retried.
  | 'audit_dropped' | 'audit_write_failed'
  // Secrets (src/secrets/runtime.ts, src/keys/expiry-reminder.ts): a failed refresh, a provider key
  // refused upstream, a provider key older than the rotation policy, a gateway key near expiry.
  | 'secret_refresh_failed' | 'provider_key_rejected' | 'provider_key_old' | 'gateway_key_expiring';

/** An alert event: something an operator should hear about, with its evidence (no content). */
export interface AlertEvent {
  readonly kind: AlertKind;
  readonly time: string;
  /** What it concerns: `usd-month:env:prod`, `redis limit store`. */
  readonly subject: string;
  readonly message: string;
  readonly evidence: Readonly<Record<string, string | number | null>>;
}

/** An alert as stored and shown on the admin page: the event, its id and the environment it concerns. */
export type StoredAlert = AlertEvent & { readonly id: string; readonly environment?: string };

export interface AlertSink {
  emit(alert: AlertEvent): void;
}

/** Alerts as warn-level log lines (`alert` field); the monitoring issue adds webhooks and the admin page. */
export function logAlertSink(logger: Logger): AlertSink {
  return {
    emit(alert) {
      logger.warn({ alert }, `ALERT ${alert.kind}: ${alert.message}`);
    },
  };
}
