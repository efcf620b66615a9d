import type { AuditEvent } from '../../audit/event.js';
import type { AuditStore } from '../../store/types.js';

/** Most events the page reads for one view; beyond it the answer says `truncated`. */
export const MAX_WINDOW_EVENTS = 50_000;

export interface AuditFilter {
  readonly from: Date;
  readonly to: Date;
  readonly environment?: string | undefined;
  readonly keyId?: string | undefined;
  readonly status?: number | undefined;
  readonly errorCode?: string | undefined;
}

/**
 * The events of a time range that match the filter, newest first. The store answers `since` and
 * `keyId` itself; the rest is filtered here, over at most MAX_WINDOW_EVENTS events.
 */
export async function auditWindow(store: AuditStore, filter: AuditFilter, limit = MAX_WINDOW_EVENTS): Promise<{ events: AuditEvent[]; truncated: boolean }> {
  const raw = await store.queryAudit({ since: filter.from, keyId: filter.keyId, limit: MAX_WINDOW_EVENTS });
  const to = filter.to.toISOString();
  const events = raw.filter(
    (e) =>
      e.time <= to &&
      (filter.environment === undefined || e.environment === filter.environment) &&
      (filter.status === undefined || e.status === filter.status) &&
      (filter.errorCode === undefined || e.errorCode === filter.errorCode),
  );
  return { events: events.slice(0, limit), truncated: raw.length >= MAX_WINDOW_EVENTS || events.length > limit };
}

/** What the audit search shows: metadata only (the event never holds content; stage timings are left out too). */
export function auditRow(e: AuditEvent): Record<string, unknown> {
  return {
    requestId: e.requestId,
    time: e.time,
    keyId: e.keyId,
    environment: e.environment,
    user: e.user,
    provider: e.provider,
    model: e.model,
    endpoint: e.endpoint,
    streamed: e.streamed,
    status: e.status,
    decision: e.decision,
    errorCode: e.errorCode,
    inputTokens: e.tokens.input,
    outputTokens: e.tokens.output,
    costUsd: e.costUsd,
    latencyMs: Math.round(e.latencyMs * 10) / 10,
    findings: (e.findings ?? []).map((f) => f.kind),
  };
}
