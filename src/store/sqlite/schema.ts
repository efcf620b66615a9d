import type { Database } from 'better-sqlite3';

/** Ordered migrations; `user_version` records how many have run. Append, never edit. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE gateway_keys (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     environment TEXT NOT NULL,
     user TEXT,
     allowed_models TEXT,
     created_at TEXT NOT NULL,
     expires_at TEXT,
     revoked_at TEXT,
     rotated_at TEXT
   );
   CREATE TABLE gateway_key_secrets (
     hash TEXT PRIMARY KEY,
     key_id TEXT NOT NULL REFERENCES gateway_keys(id),
     created_at TEXT NOT NULL,
     valid_until TEXT
   );
   CREATE INDEX gateway_key_secrets_key ON gateway_key_secrets(key_id);
   CREATE TABLE audit_events (
     request_id TEXT PRIMARY KEY,
     time TEXT NOT NULL,
     key_id TEXT,
     user TEXT,
     environment TEXT,
     event TEXT NOT NULL
   );
   CREATE INDEX audit_events_time ON audit_events(time);
   CREATE INDEX audit_events_key ON audit_events(key_id, time);
   CREATE INDEX audit_events_user ON audit_events(user, time);`,
  // Limit counters (src/limits/sqlite): one row per counter, rolled forward as windows pass.
  `CREATE TABLE limit_tallies (
     name TEXT PRIMARY KEY,
     bucket INTEGER NOT NULL,
     current INTEGER NOT NULL,
     previous INTEGER NOT NULL,
     expires_ms INTEGER NOT NULL
   );
   CREATE TABLE limit_leases (
     name TEXT NOT NULL,
     id TEXT NOT NULL,
     expires_ms INTEGER NOT NULL,
     PRIMARY KEY (name, id)
   );
   CREATE TABLE limit_claims (
     key TEXT PRIMARY KEY,
     expires_ms INTEGER NOT NULL
   );`,
  // Per-key limits (rpm, tpm, concurrency, budget) as JSON.
  `ALTER TABLE gateway_keys ADD COLUMN limits TEXT;`,
  // Alerts raised by the monitors and budget thresholds (src/observe), for the admin page.
  `CREATE TABLE alerts (
     id TEXT PRIMARY KEY,
     time TEXT NOT NULL,
     kind TEXT NOT NULL,
     environment TEXT,
     alert TEXT NOT NULL
   );
   CREATE INDEX alerts_time ON alerts(time);
   CREATE INDEX alerts_kind ON alerts(kind, time);`,
];

export function migrate(db: Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let i = version; i < MIGRATIONS.length; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]!);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}
