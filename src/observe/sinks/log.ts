import type { Logger } from 'pino';
import type { AlertDestination } from '../alert-hub.js';

/** Alerts as warn-level log lines (`alert` field), as logAlertSink writes them, plus id and environment. */
export function logDestination(logger: Logger): AlertDestination {
  return {
    name: 'log',
    accept(alert) {
      logger.warn({ alert }, `ALERT ${alert.kind}: ${alert.message}`);
    },
    close: () => Promise.resolve(),
  };
}
