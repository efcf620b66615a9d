import type { Migration } from '../../store/postgres/migrate.js';

/**
 * Counter tables. Amounts are double precision, the same numbers the memory store adds up
 * (exact for integers up to 2^53); bucket indexes and times are bigint milliseconds. Every table
 * has `expires_ms`, indexed, for the opportunistic prune. Append, never edit.
 */
export const LIMIT_MIGRATIONS: readonly Migration[] = [
  (s) => `
    -- Sliding windows: the current fixed window's total and the previous one's.
    CREATE TABLE ${s}.limit_windows (
      name text PRIMARY KEY,
      bucket bigint NOT NULL,
      current double precision NOT NULL DEFAULT 0,
      previous double precision NOT NULL DEFAULT 0,
      expires_ms bigint NOT NULL
    );
    CREATE INDEX limit_windows_expires ON ${s}.limit_windows (expires_ms);
    -- Calendar-period totals (budgets), one row per counter and period.
    CREATE TABLE ${s}.limit_periods (
      name text NOT NULL,
      period_start_ms bigint NOT NULL,
      used double precision NOT NULL DEFAULT 0,
      expires_ms bigint NOT NULL,
      PRIMARY KEY (name, period_start_ms)
    );
    CREATE INDEX limit_periods_expires ON ${s}.limit_periods (expires_ms);
    -- Concurrency: one row per in-flight request, until settled or expired.
    CREATE TABLE ${s}.limit_leases (
      name text NOT NULL,
      reservation_id text NOT NULL,
      expires_ms bigint NOT NULL,
      PRIMARY KEY (name, reservation_id)
    );
    CREATE INDEX limit_leases_expires ON ${s}.limit_leases (expires_ms);`,
  (s) => `
    -- Once-only claims (alert de-duplication across instances).
    CREATE TABLE ${s}.limit_claims (
      key text PRIMARY KEY,
      expires_ms bigint NOT NULL
    );`,
];
