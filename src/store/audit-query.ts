import type { AuditEvent } from '../audit/event.js';
import type { AuditQuery } from './types.js';

export function matchesAuditQuery(event: AuditEvent, query: AuditQuery): boolean {
  if (query.since && event.time < query.since.toISOString()) return false;
  if (query.keyId && event.keyId !== query.keyId) return false;
  if (query.user && event.user !== query.user) return false;
  return true;
}
