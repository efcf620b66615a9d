import type { AuditEvent } from '../../audit/event.js';
import type { GatewayKeyRecord, KeyLimits, KeyMatch, Store, StoredAlert } from '../types.js';
import { auditBatchJson, jsonbText } from './audit-json.js';
import { openMigrated } from './migrate.js';
import type { PostgresOptions } from './pool.js';
import { connectionSecrets, describeError, guardWith, PostgresStoreError } from './redact.js';
import { STORE_MIGRATIONS } from './schema.js';
import { inTransaction } from './transaction.js';
import { sqlFilter } from '../sql-filter.js';

const PG_PLACEHOLDER = (n: number): string => `$${String(n)}`;

export type PostgresStoreOptions = PostgresOptions;

interface KeyRow {
  id: string;
  name: string;
  environment: string;
  user_id: string | null;
  allowed_models: string[] | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  rotated_at: Date | null;
  limits: KeyLimits | null;
  limits_absent: boolean;
}

const KEY_COLUMNS = 'k.id, k.name, k.environment, k.user_id, k.allowed_models, k.created_at, k.expires_at, k.revoked_at, k.rotated_at, k.limits, k.limits IS NULL AS limits_absent';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function toRecord(row: KeyRow): GatewayKeyRecord {
  return {
    id: row.id,
    name: row.name,
    environment: row.environment,
    user: row.user_id,
    allowedModels: row.allowed_models,
    createdAt: row.created_at.toISOString(),
    expiresAt: iso(row.expires_at),
    revokedAt: iso(row.revoked_at),
    rotatedAt: iso(row.rotated_at),
    // SQL NULL: the record had no `limits` property; JSON null: it had `limits: null`. Both read back as written.
    ...(row.limits_absent ? {} : { limits: row.limits }),
  };
}

/**
 * Keys and audit in PostgreSQL, for several gateway instances sharing one database. Every value
 * is a bind parameter; only the validated schema name is part of the SQL text.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const secrets = connectionSecrets(options.connectionString);
  const fail = (err: unknown): PostgresStoreError => {
    const { message, code } = describeError(err, secrets);
    return new PostgresStoreError(`postgres store: ${message}`, code);
  };
  const { pool, s } = await openMigrated(
    options,
    { name: 'store', applicationName: 'portcullis-store', statementTimeoutMs: 5_000, migrations: STORE_MIGRATIONS },
    fail,
  );

  /** Every failure leaves as a PostgresStoreError with the password redacted. */
  const guard = guardWith(fail);
  let closing: Promise<void> | undefined;

  return {
    kind: 'postgres',
    insertKey: (key, secretHash) =>
      guard(async () => {
        // One statement, so key and secret are stored together or not at all.
        await pool.query(
          `WITH k AS (
             INSERT INTO ${s}.gateway_keys (id, name, environment, user_id, allowed_models, created_at, expires_at, revoked_at, rotated_at, limits)
             VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9, $11::jsonb)
             RETURNING id, created_at
           )
           INSERT INTO ${s}.gateway_key_secrets (hash, key_id, created_at, valid_until) SELECT $10, id, created_at, NULL FROM k`,
          [
            key.id,
            key.name,
            key.environment,
            key.user,
            key.allowedModels ? JSON.stringify(key.allowedModels) : null,
            key.createdAt,
            key.expiresAt,
            key.revokedAt,
            key.rotatedAt,
            secretHash,
            key.limits === undefined ? null : JSON.stringify(key.limits),
          ],
        );
      }),
    findKeyBySecretHash: (secretHash, now) =>
      guard(async () => {
        const { rows } = await pool.query<KeyRow & { secret_hash: string; secret_valid_until: Date | null }>(
          `SELECT ${KEY_COLUMNS}, s.hash AS secret_hash, s.valid_until AS secret_valid_until
           FROM ${s}.gateway_key_secrets s JOIN ${s}.gateway_keys k ON k.id = s.key_id
           WHERE s.hash = $1 AND (s.valid_until IS NULL OR s.valid_until > $2)`,
          [secretHash, now.toISOString()],
        );
        const row = rows[0];
        return row ? ({ key: toRecord(row), secretHash: row.secret_hash, secretValidUntil: iso(row.secret_valid_until) } satisfies KeyMatch) : undefined;
      }),
    getKey: (id) =>
      guard(async () => {
        const { rows } = await pool.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM ${s}.gateway_keys k WHERE k.id = $1`, [id]);
        return rows[0] ? toRecord(rows[0]) : undefined;
      }),
    listKeys: () =>
      guard(async () => {
        const { rows } = await pool.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM ${s}.gateway_keys k ORDER BY k.created_at, k.id`);
        return rows.map(toRecord);
      }),
    revokeKey: (id, at) =>
      guard(async () => {
        const result = await pool.query(`UPDATE ${s}.gateway_keys SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1`, [id, at.toISOString()]);
        return (result.rowCount ?? 0) > 0;
      }),
    rotateKey: (id, newSecretHash, at, oldValidUntil) =>
      guard(() =>
        inTransaction(pool, 2, async (client) => {
          // Locks the key row: a concurrent revoke or rotation of the same key waits for this one.
          const marked = await client.query(`UPDATE ${s}.gateway_keys SET rotated_at = $2 WHERE id = $1 AND revoked_at IS NULL`, [id, at.toISOString()]);
          if ((marked.rowCount ?? 0) === 0) return false;
          const until = oldValidUntil.toISOString();
          // Shorten, never extend: a secret already ending sooner keeps its own end.
          await client.query(
            `UPDATE ${s}.gateway_key_secrets SET valid_until = $2 WHERE key_id = $1 AND (valid_until IS NULL OR valid_until > $2)`,
            [id, until],
          );
          await client.query(`INSERT INTO ${s}.gateway_key_secrets (hash, key_id, created_at, valid_until) VALUES ($1, $2, $3, NULL)`, [
            newSecretHash,
            id,
            at.toISOString(),
          ]);
          return true;
        }),
      ),
    appendAudit: (events) =>
      guard(async () => {
        if (events.length === 0) return;
        // The whole batch is one parameter and one INSERT; the indexed columns come out of the
        // JSON itself, and WITH ORDINALITY keeps batch order for events with the same time.
        await pool.query(
          `INSERT INTO ${s}.audit_events (request_id, time, key_id, user_id, environment, event)
           SELECT e->>'requestId', (e->>'time')::timestamptz, e->>'keyId', e->>'user', e->>'environment', e
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS batch (e, n)
           ORDER BY n
           ON CONFLICT (request_id) DO NOTHING`,
          [auditBatchJson(events)],
        );
      }),
    queryAudit: (query) =>
      guard(async () => {
        const filter = sqlFilter(
          [
            ['time >=', query.since?.toISOString()],
            ['key_id =', query.keyId || undefined],
            ['user_id =', query.user || undefined],
          ],
          PG_PLACEHOLDER,
        );
        const limit = filter.bind(Math.max(0, Math.trunc(query.limit ?? 100)));
        const { rows } = await pool.query<{ event: AuditEvent }>(
          `SELECT event FROM ${s}.audit_events ${filter.where} ORDER BY time DESC, seq DESC LIMIT ${limit}`,
          filter.params,
        );
        return rows.map((r) => r.event);
      }),
    appendAlert: (alert) =>
      guard(async () => {
        await pool.query(
          `INSERT INTO ${s}.alerts (id, time, kind, environment, alert) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (id) DO NOTHING`,
          [alert.id, alert.time, alert.kind, alert.environment ?? null, jsonbText(alert)],
        );
      }),
    listAlerts: (query) =>
      guard(async () => {
        const filter = sqlFilter(
          [
            ['time >=', query.since?.toISOString()],
            ['kind =', query.kind],
          ],
          PG_PLACEHOLDER,
        );
        const limit = filter.bind(Math.max(0, Math.trunc(query.limit)));
        const { rows } = await pool.query<{ alert: StoredAlert }>(
          `SELECT alert FROM ${s}.alerts ${filter.where} ORDER BY time DESC, seq DESC LIMIT ${limit}`,
          filter.params,
        );
        return rows.map((r) => r.alert);
      }),
    close: () => {
      closing ??= pool.end().catch((err: unknown) => {
        throw fail(err);
      });
      return closing;
    },
  };
}
