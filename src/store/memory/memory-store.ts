import type { AuditEvent } from '../../audit/event.js';
import type { AuditQuery, GatewayKeyRecord, KeyMatch, Store, StoredAlert } from '../types.js';
import { matchesAlertQuery } from '../alert-query.js';
import { matchesAuditQuery } from '../audit-query.js';
import { withSyncLookup } from '../sync-lookup.js';

interface SecretRow {
  readonly keyId: string;
  validUntil: string | null;
}

/** Keys and audit in process memory: for tests and throwaway runs; nothing survives a restart. */
export function createMemoryStore(): Store {
  const keys = new Map<string, GatewayKeyRecord>();
  const secrets = new Map<string, SecretRow>();
  const audit: AuditEvent[] = [];
  const alerts: StoredAlert[] = [];
  const alertIds = new Set<string>();

  const findKey = (secretHash: string, now: Date): KeyMatch | undefined => {
    const row = secrets.get(secretHash);
    if (!row || (row.validUntil !== null && row.validUntil <= now.toISOString())) return undefined;
    const key = keys.get(row.keyId);
    return key ? { key, secretHash, secretValidUntil: row.validUntil } : undefined;
  };

  return {
    kind: 'memory',
    insertKey(key, secretHash) {
      if (keys.has(key.id)) return Promise.reject(new Error(`key ${key.id} exists`));
      keys.set(key.id, { ...key, limits: key.limits ?? null });
      secrets.set(secretHash, { keyId: key.id, validUntil: null });
      return Promise.resolve();
    },
    findKeyBySecretHash: withSyncLookup((secretHash, now) => Promise.resolve(findKey(secretHash, now)), findKey),
    getKey: (id) => Promise.resolve(keys.get(id)),
    listKeys: () => Promise.resolve([...keys.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt))),
    revokeKey(id, at) {
      const key = keys.get(id);
      if (!key) return Promise.resolve(false);
      if (!key.revokedAt) keys.set(id, { ...key, revokedAt: at.toISOString() });
      return Promise.resolve(true);
    },
    rotateKey(id, newSecretHash, at, oldValidUntil) {
      const key = keys.get(id);
      if (!key || key.revokedAt) return Promise.resolve(false);
      const until = oldValidUntil.toISOString();
      for (const row of secrets.values()) {
        if (row.keyId === id && (row.validUntil === null || row.validUntil > until)) row.validUntil = until;
      }
      secrets.set(newSecretHash, { keyId: id, validUntil: null });
      keys.set(id, { ...key, rotatedAt: at.toISOString() });
      return Promise.resolve(true);
    },
    appendAudit(events) {
      audit.push(...events);
      return Promise.resolve();
    },
    queryAudit(query: AuditQuery) {
      const limit = query.limit ?? 100;
      const out: AuditEvent[] = [];
      for (let i = audit.length - 1; i >= 0 && out.length < limit; i--) {
        const event = audit[i]!;
        if (matchesAuditQuery(event, query)) out.push(event);
      }
      return Promise.resolve(out);
    },
    appendAlert(alert) {
      if (!alertIds.has(alert.id)) {
        alertIds.add(alert.id);
        alerts.push(alert);
      }
      return Promise.resolve();
    },
    listAlerts(query) {
      const matching = alerts.filter((alert) => matchesAlertQuery(alert, query));
      // Newest first by time; among equal times, the later-stored first.
      const order = matching.map((alert, i) => ({ alert, i })).sort((a, b) => b.alert.time.localeCompare(a.alert.time) || b.i - a.i);
      return Promise.resolve(order.slice(0, Math.max(0, query.limit)).map((entry) => entry.alert));
    },
    close: () => Promise.resolve(),
  };
}
