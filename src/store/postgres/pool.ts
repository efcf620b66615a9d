import pg from 'pg';

/** What both PostgreSQL backends (keys + audit, and limit counters) are opened with. */
export interface PostgresOptions {
  /** `postgres://user:password@host:port/db`; the password never appears in an error message. */
  readonly connectionString: string;
  /** Schema holding the tables, created when missing. Default `public`. */
  readonly schema?: string;
  /** Connections in the pool. Default 10. */
  readonly poolSize?: number;
  /** Server-side `statement_timeout` for every statement, in ms. */
  readonly statementTimeoutMs?: number;
}

/** Unquoted-identifier shape, at most 63 bytes (PostgreSQL's NAMEDATALEN - 1). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * The schema name goes into SQL text (identifiers cannot be bind parameters), so it is checked
 * against a strict shape and then quoted; everything else is passed as parameters.
 */
export function quoteSchema(schema: string): string {
  if (!IDENTIFIER.test(schema)) {
    throw new Error(`schema "${schema}": use letters, digits and underscores (at most 63), not starting with a digit`);
  }
  return `"${schema}"`;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${value}`);
  return value;
}

/** How long to wait for a connection (new, or a free one from a busy pool) before failing. */
const CONNECT_TIMEOUT_MS = 5_000;

export function openPool(options: PostgresOptions, defaultStatementTimeoutMs: number, applicationName: string): pg.Pool {
  const statementTimeoutMs = positiveInteger('statementTimeoutMs', options.statementTimeoutMs, defaultStatementTimeoutMs);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: positiveInteger('poolSize', options.poolSize, 10),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    application_name: applicationName,
    statement_timeout: statementTimeoutMs,
    // A client that died mid-transaction must not hold counter rows locked for long.
    idle_in_transaction_session_timeout: Math.max(10_000, statementTimeoutMs * 2),
  });
  // An idle client whose connection drops emits 'error' on the pool; unhandled, that would crash
  // the process. The pool discards the client and the next query connects afresh (and reports).
  pool.on('error', () => undefined);
  return pool;
}
