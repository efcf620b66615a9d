import type { AuditEvent } from '../../audit/event.js';
import type { GatewayKeyRecord, KeyLimits, KeyMatch, Store, StoredAlert } from '../types.js';
import { createAuditWriter, INSERT_AUDIT_SQL, toRows } from './audit-writer.js';
import { openSqlite } from './open.js';
import { withSyncLookup } from '../sync-lookup.js';
import { sqlFilter } from '../sql-filter.js';

const SQLITE_PLACEHOLDER = (): string => '?';

interface KeyRow {
  id: string;
  name: string;
  environment: string;
  user: string | null;
  allowed_models: string | null;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  rotated_at: string | null;
  limits: string | null;
}

function toRecord(row: KeyRow): GatewayKeyRecord {
  return {
    id: row.id,
    name: row.name,
    environment: row.environment,
    user: row.user,
    allowedModels: row.allowed_models ? (JSON.parse(row.allowed_models) as string[]) : null,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    rotatedAt: row.rotated_at,
    limits: row.limits ? (JSON.parse(row.limits) as KeyLimits) : null,
  };
}

/**
 * The embedded store: one SQLite file in WAL mode, so the CLI and a running gateway can share it.
 * better-sqlite3 is synchronous; each call is microseconds, well below a network round trip.
 */
export interface SqliteStoreOptions {
  /** `synchronous` of the audit writer's connection: `full` syncs each batch to disk (config `store.auditSync`). */
  readonly auditSync?: 'normal' | 'full';
}

export function createSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const db = openSqlite(path);

  const insertKey = db.prepare(
    `INSERT INTO gateway_keys (id, name, environment, user, allowed_models, created_at, expires_at, revoked_at, rotated_at, limits)
     VALUES (@id, @name, @environment, @user, @allowed_models, @created_at, @expires_at, @revoked_at, @rotated_at, @limits)`,
  );
  const insertSecret = db.prepare('INSERT INTO gateway_key_secrets (hash, key_id, created_at, valid_until) VALUES (?, ?, ?, NULL)');
  const findBySecret = db.prepare(
    `SELECT k.*, s.hash AS secret_hash, s.valid_until AS secret_valid_until FROM gateway_key_secrets s JOIN gateway_keys k ON k.id = s.key_id
     WHERE s.hash = ? AND (s.valid_until IS NULL OR s.valid_until > ?)`,
  );
  const getKey = db.prepare('SELECT * FROM gateway_keys WHERE id = ?');
  const listKeys = db.prepare('SELECT * FROM gateway_keys ORDER BY created_at, id');
  const revoke = db.prepare('UPDATE gateway_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?');
  const shortenSecrets = db.prepare(
    'UPDATE gateway_key_secrets SET valid_until = ? WHERE key_id = ? AND (valid_until IS NULL OR valid_until > ?)',
  );
  const markRotated = db.prepare('UPDATE gateway_keys SET rotated_at = ? WHERE id = ? AND revoked_at IS NULL');
  const insertAudit = db.prepare(INSERT_AUDIT_SQL);
  const insertAlert = db.prepare('INSERT OR IGNORE INTO alerts (id, time, kind, environment, alert) VALUES (?, ?, ?, ?, ?)');
  const writeRows = db.transaction((rows: readonly (string | null)[]) => {
    for (let i = 0; i < rows.length; i += 6) insertAudit.run(rows[i], rows[i + 1], rows[i + 2], rows[i + 3], rows[i + 4], rows[i + 5]);
  });
  // A file database is written from a worker thread; an in-memory one has no other connection.
  const audit = path === ':memory:' ? undefined : createAuditWriter({ path, writeHere: writeRows, synchronous: options.auditSync ?? 'normal' });
  const rotate = db.transaction((id: string, hash: string, at: string, until: string): boolean => {
    if (markRotated.run(at, id).changes === 0) return false;
    shortenSecrets.run(until, id, until);
    insertSecret.run(hash, id, at);
    return true;
  });
  const insertWithSecret = db.transaction((key: GatewayKeyRecord, hash: string) => {
    insertKey.run({
      id: key.id,
      name: key.name,
      environment: key.environment,
      user: key.user,
      allowed_models: key.allowedModels ? JSON.stringify(key.allowedModels) : null,
      created_at: key.createdAt,
      expires_at: key.expiresAt,
      revoked_at: key.revokedAt,
      rotated_at: key.rotatedAt,
      limits: key.limits ? JSON.stringify(key.limits) : null,
    });
    insertSecret.run(hash, key.id, key.createdAt);
  });

  /**
   * Key lookups sit on every request's path. Found keys are remembered until the database
   * changes: `PRAGMA data_version` moves whenever another connection (the CLI revoking a key, a
   * second gateway process) commits, and this connection's own key writes clear the cache too.
   */
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  const keyCache = new Map<string, KeyMatch>();
  let cachedVersion = dataVersion.get() as number;
  const forgetKeys = (): void => {
    keyCache.clear();
  };
  /**
   * The version is read once per event-loop turn: requests whose bytes arrived in the same turn
   * share one read (under load, several), as if they had arrived a few microseconds earlier. A
   * commit from another process is still seen by the first request of the next turn.
   */
  let versionThisTurn: number | undefined;
  const forgetVersion = (): void => {
    versionThisTurn = undefined;
  };
  const currentVersion = (): number => {
    if (versionThisTurn === undefined) {
      versionThisTurn = dataVersion.get() as number;
      setImmediate(forgetVersion);
    }
    return versionThisTurn;
  };
  const cachedMatch = (hash: string, nowIso: string): KeyMatch | undefined | null => {
    const version = currentVersion();
    if (version !== cachedVersion) {
      cachedVersion = version;
      keyCache.clear();
      return null;
    }
    const hit = keyCache.get(hash);
    if (!hit) return null;
    // A rotated-out secret stops working at its grace end, cached or not.
    return hit.secretValidUntil === null || hit.secretValidUntil > nowIso ? hit : undefined;
  };

  const findKey = (secretHash: string, now: Date): KeyMatch | undefined => {
    const nowIso = now.toISOString();
    const cached = cachedMatch(secretHash, nowIso);
    if (cached !== null) return cached;
    const row = findBySecret.get(secretHash, nowIso) as (KeyRow & { secret_hash: string; secret_valid_until: string | null }) | undefined;
    if (!row) return undefined;
    const match: KeyMatch = { key: toRecord(row), secretHash: row.secret_hash, secretValidUntil: row.secret_valid_until };
    if (keyCache.size >= 10_000) keyCache.clear();
    keyCache.set(secretHash, match);
    return match;
  };

  return {
    kind: 'sqlite',
    insertKey: (key, secretHash) =>
      settle(() => {
        insertWithSecret(key, secretHash);
        forgetKeys();
      }),
    findKeyBySecretHash: withSyncLookup((secretHash, now) => settle(() => findKey(secretHash, now)), findKey),
    getKey: (id) =>
      settle(() => {
        const row = getKey.get(id) as KeyRow | undefined;
        return row ? toRecord(row) : undefined;
      }),
    listKeys: () => settle(() => (listKeys.all() as KeyRow[]).map(toRecord)),
    revokeKey: (id, at) =>
      settle(() => {
        forgetKeys();
        return revoke.run(at.toISOString(), id).changes > 0;
      }),
    rotateKey: (id, hash, at, until) =>
      settle(() => {
        forgetKeys();
        return rotate(id, hash, at.toISOString(), until.toISOString());
      }),
    appendAudit: (events: readonly AuditEvent[]) =>
      audit
        ? audit.append(events)
        : settle(() => {
            writeRows(toRows(events));
          }),
    queryAudit: (query) =>
      settle(() => {
        const filter = sqlFilter(
          [
            ['time >=', query.since?.toISOString()],
            ['key_id =', query.keyId || undefined],
            ['user =', query.user || undefined],
          ],
          SQLITE_PLACEHOLDER,
        );
        const sql = `SELECT event FROM audit_events ${filter.where} ORDER BY time DESC, rowid DESC LIMIT ${filter.bind(query.limit ?? 100)}`;
        return (db.prepare(sql).all(...filter.params) as { event: string }[]).map((r) => JSON.parse(r.event) as AuditEvent);
      }),
    appendAlert: (alert) =>
      settle(() => {
        insertAlert.run(alert.id, alert.time, alert.kind, alert.environment ?? null, JSON.stringify(alert));
      }),
    listAlerts: (query) =>
      settle(() => {
        const filter = sqlFilter(
          [
            ['time >=', query.since?.toISOString()],
            ['kind =', query.kind],
          ],
          SQLITE_PLACEHOLDER,
        );
        const sql = `SELECT alert FROM alerts ${filter.where} ORDER BY time DESC, rowid DESC LIMIT ${filter.bind(Math.max(0, Math.trunc(query.limit)))}`;
        return (db.prepare(sql).all(...filter.params) as { alert: string }[]).map((r) => JSON.parse(r.alert) as StoredAlert);
      }),
    close: async () => {
      // Audit batches already handed over are written before the connection goes.
      await audit?.close();
      if (db.open) db.close();
    },
  };
}

/** The store interface is async (network backends); a synchronous throw becomes a rejection. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}
