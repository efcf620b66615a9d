import type { Migration } from './migrate.js';

/**
 * Keys and audit, mirroring the SQLite tables (src/store/sqlite/schema.ts). Times are timestamptz
 * and are read back as `Date#toISOString()`, the exact form the interface uses. `user` is a
 * reserved word in PostgreSQL, so the columns are `user_id`. A key's own `limits` are JSONB: SQL NULL when
 * the record has no `limits` property, JSON `null` when it is set to null. Append, never edit.
 */
export const STORE_MIGRATIONS: readonly Migration[] = [
  (s) => `
    CREATE TABLE ${s}.gateway_keys (
      id text PRIMARY KEY,
      name text NOT NULL,
      environment text NOT NULL,
      user_id text,
      allowed_models jsonb,
      created_at timestamptz NOT NULL,
      expires_at timestamptz,
      revoked_at timestamptz,
      rotated_at timestamptz,
      limits jsonb
    );
    CREATE TABLE ${s}.gateway_key_secrets (
      hash text PRIMARY KEY,
      key_id text NOT NULL REFERENCES ${s}.gateway_keys (id),
      created_at timestamptz NOT NULL,
      valid_until timestamptz
    );
    CREATE INDEX gateway_key_secrets_key ON ${s}.gateway_key_secrets (key_id);
    CREATE TABLE ${s}.audit_events (
      request_id text PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      time timestamptz NOT NULL,
      key_id text,
      user_id text,
      environment text,
      event jsonb NOT NULL
    );
    CREATE INDEX audit_events_time ON ${s}.audit_events (time DESC, seq DESC);
    CREATE INDEX audit_events_key ON ${s}.audit_events (key_id, time DESC, seq DESC);
    CREATE INDEX audit_events_user ON ${s}.audit_events (user_id, time DESC, seq DESC);`,
  // Alerts raised by the monitors and budget thresholds (src/observe), for the admin page.
  (s) => `
    CREATE TABLE ${s}.alerts (
      id text PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      time timestamptz NOT NULL,
      kind text NOT NULL,
      environment text,
      alert jsonb NOT NULL
    );
    CREATE INDEX alerts_time ON ${s}.alerts (time DESC, seq DESC);
    CREATE INDEX alerts_kind ON ${s}.alerts (kind, time DESC, seq DESC);`,
];
