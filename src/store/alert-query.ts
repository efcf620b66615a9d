import type { StoredAlert } from '../observe/alerts.js';

/** The filter of `listAlerts`, for backends that filter in process. */
export function matchesAlertQuery(alert: StoredAlert, query: { readonly since?: Date; readonly kind?: string }): boolean {
  if (query.since && alert.time < query.since.toISOString()) return false;
  if (query.kind !== undefined && alert.kind !== query.kind) return false;
  return true;
}
