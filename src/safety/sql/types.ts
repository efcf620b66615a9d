import type { Refusal } from '../verdict.js';

export type SqlDialect = 'postgresql' | 'mysql' | 'sqlite' | 'bigquery' | 'transactsql';
export type SqlStatementKind = 'select' | 'insert' | 'update' | 'delete';

export interface ValidateSqlOptions {
  /** Top-level statement kinds the caller will execute. Nested SELECTs (subqueries) are always allowed; nested writes need their kind listed. */
  readonly allowStatements: readonly SqlStatementKind[];
  /** Tables the statement may touch, compared case-insensitively. Write `schema.table` to allow a qualified reference; a bare name matches only unqualified references. */
  readonly allowTables: readonly string[];
  /** Grammar used to parse. Default 'postgresql'. */
  readonly dialect?: SqlDialect;
  /** When given, the ONLY functions (including aggregates) that may be called. The built-in dangerous list is refused unless named here. */
  readonly allowFunctions?: readonly string[];
  /** When given, a SELECT must end with LIMIT (or TOP) n where n ≤ maxLimit. */
  readonly maxLimit?: number;
  /** Allow SQL comments. Even then, comments holding SQL keywords, `;` or MySQL executable/hint comments are refused. Default false. */
  readonly allowComments?: boolean;
  /** Allow UPDATE / DELETE without a WHERE clause. Default false. */
  readonly allowUnfilteredWrites?: boolean;
  /** Longest input accepted, in characters. Default 20 000. */
  readonly maxLength?: number;
}

export type SqlRefusalCode =
  | 'sql_invalid_input'
  | 'sql_invalid_options'
  | 'sql_parse_error'
  | 'sql_too_complex'
  | 'sql_multiple_statements'
  | 'sql_comment'
  | 'sql_ambiguous_literal'
  | 'sql_statement_not_allowed'
  | 'sql_table_not_allowed'
  | 'sql_function_not_allowed'
  | 'sql_select_into'
  | 'sql_unfiltered_write'
  | 'sql_limit_missing'
  | 'sql_limit_exceeded';

export interface SqlAccepted {
  readonly ok: true;
  /** The kind of the (single) top-level statement. */
  readonly statement: SqlStatementKind;
  /** Real tables referenced anywhere (CTE names excluded), lower-cased, qualified as written, sorted. */
  readonly tables: readonly string[];
}

export type SqlVerdict = SqlAccepted | Refusal<SqlRefusalCode>;
