import type { Logger } from 'pino';

/** An alert event: something an operator should hear about, with its evidence (no content). */
export interface AlertEvent {
  readonly kind: 'budget_threshold';
  readonly time: string;
  /** What it concerns: `usd-month:env:prod`, `redis limit store`. */
  readonly subject: string;
  readonly message: string;
  readonly evidence: Readonly<Record<string, string | number | null>>;
}

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
