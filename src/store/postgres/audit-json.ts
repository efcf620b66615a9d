import type { AuditEvent } from '../../audit/event.js';

/** UTF-16 surrogates without their pair. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A batch of events as one JSON array for JSONB. JSONB refuses `\u0000` and unpaired surrogate
 * escapes, and events carry client-chosen strings (the model name), so one hostile request could
 * otherwise make its whole batch fail. Those characters become U+FFFD; all else is unchanged.
 */
export function auditBatchJson(events: readonly AuditEvent[]): string {
  return jsonbText(events);
}

/** Any value as JSON text JSONB accepts (see auditBatchJson): stored alerts carry client-chosen strings too. */
export function jsonbText(value: unknown): string {
  return JSON.stringify(value, (_key, value: unknown) =>
    typeof value === 'string' ? value.replaceAll('\u0000', '\ufffd').replace(LONE_SURROGATE, '\ufffd') : value,
  );
}
