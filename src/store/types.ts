import type { AuditEvent } from '../audit/event.js';
import type { StoredAlert } from '../observe/alerts.js';

export type { StoredAlert } from '../observe/alerts.js';

/** A gateway key as stored: metadata and hashes only, never the key itself. */
export interface GatewayKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly environment: string;
  /** The end user the key is issued to, when it is a per-user key. */
  readonly user: string | null;
  /** When set, the key may call only these models (exact names or `prefix*`). */
  readonly allowedModels: readonly string[] | null;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  /** Last rotation time; the previous secret stays valid until its own grace end. */
  readonly rotatedAt: string | null;
  /** Limits set for this key; they replace the environment's per-key defaults. */
  readonly limits?: KeyLimits | null;
}

export interface KeyLimits {
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
  readonly maxConcurrent?: number;
  readonly budgetUsd?: { readonly amount: number; readonly period: 'day' | 'month' };
}

export interface KeyMatch {
  readonly key: GatewayKeyRecord;
  /** The stored hash that matched; the caller confirms it in constant time. */
  readonly secretHash: string;
  /** Set when the matched secret is a rotated-out one: valid until this time. */
  readonly secretValidUntil: string | null;
}

export interface KeyStore {
  insertKey(key: GatewayKeyRecord, secretHash: string): Promise<void>;
  /** The key whose current or still-in-grace secret has this hash. */
  findKeyBySecretHash(secretHash: string, now: Date): Promise<KeyMatch | undefined>;
  getKey(id: string): Promise<GatewayKeyRecord | undefined>;
  listKeys(): Promise<GatewayKeyRecord[]>;
  /** False when there is no such key. Revoking twice keeps the first time. */
  revokeKey(id: string, at: Date): Promise<boolean>;
  /** Adds a new secret; the current ones stay valid until `oldValidUntil`. False when no such live key. */
  rotateKey(id: string, newSecretHash: string, at: Date, oldValidUntil: Date): Promise<boolean>;
}

export interface AuditQuery {
  readonly since?: Date;
  readonly keyId?: string;
  readonly user?: string;
  /** Newest first, at most this many (default 100). */
  readonly limit?: number;
}

export interface AuditStore {
  appendAudit(events: readonly AuditEvent[]): Promise<void>;
  queryAudit(query: AuditQuery): Promise<AuditEvent[]>;
}

/** Alerts raised by the monitors and the budget thresholds, for the admin page (docs/monitoring.md). */
export interface AlertStore {
  /** Storing an alert id twice keeps the first. */
  appendAlert(alert: StoredAlert): Promise<void>;
  /** Newest first: alerts at or after `since`, of `kind` when given, at most `limit`. */
  listAlerts(query: { since?: Date; kind?: string; limit: number }): Promise<StoredAlert[]>;
}

export interface Store extends KeyStore, AuditStore, AlertStore {
  readonly kind: string;
  close(): Promise<void>;
}
