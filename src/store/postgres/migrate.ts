import type pg from 'pg';
import { openPool, quoteSchema, type PostgresOptions } from './pool.js';
import { inTransaction } from './transaction.js';

/** One migration: SQL text for the quoted schema name. The list is append-only; never edit one. */
export type Migration = (schema: string) => string;

/**
 * Brings `component`'s tables in `schema` up to date. One transaction holds an advisory lock on
 * the schema, so gateway instances starting together run each migration exactly once: the
 * second waits, then finds nothing left to do. `schema_migrations` records (component, version);
 * the key store and the limit store keep separate version sequences in the same table.
 */
export async function migrate(pool: pg.Pool, schema: string, component: string, migrations: readonly Migration[]): Promise<void> {
  const q = quoteSchema(schema);
  await inTransaction(pool, 0, async (client) => {
    // Waiting behind another instance's migration may take longer than a request's statement.
    await client.query(`SET LOCAL statement_timeout = '60s'`);
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`portcullis:migrate:${schema}`]);
    // Not CREATE SCHEMA IF NOT EXISTS: that needs CREATE on the database even when the schema exists.
    const existing = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (existing.rowCount === 0) await client.query(`CREATE SCHEMA ${q}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${q}.schema_migrations (
         component text NOT NULL,
         version integer NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now(),
         PRIMARY KEY (component, version)
       )`,
    );
    const { rows } = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${q}.schema_migrations WHERE component = $1`, [
      component,
    ]);
    // A newer gateway may have run more migrations; they are additive, so an older one still runs.
    for (let i = rows[0]?.version ?? 0; i < migrations.length; i++) {
      await client.query(migrations[i]!(q));
      await client.query(`INSERT INTO ${q}.schema_migrations (component, version) VALUES ($1, $2)`, [component, i + 1]);
    }
  });
}

export interface OpenedSchema {
  readonly pool: pg.Pool;
  /** The quoted schema name, ready for SQL text. */
  readonly s: string;
}

/**
 * A pool on a schema migrated to the component's latest version; on failure the pool is closed
 * and the error is passed through `fail` (which redacts the connection password).
 */
export async function openMigrated(
  options: PostgresOptions,
  component: { readonly name: string; readonly applicationName: string; readonly statementTimeoutMs: number; readonly migrations: readonly Migration[] },
  fail: (err: unknown) => Error,
): Promise<OpenedSchema> {
  const schema = options.schema ?? 'public';
  let pool: pg.Pool;
  let s: string;
  try {
    s = quoteSchema(schema);
    pool = openPool(options, component.statementTimeoutMs, component.applicationName);
  } catch (err) {
    throw fail(err);
  }
  try {
    await migrate(pool, schema, component.name, component.migrations);
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw fail(err);
  }
  return { pool, s };
}
