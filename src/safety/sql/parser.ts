import nodeSqlParser from 'node-sql-parser';
import type { SqlDialect } from './types.js';

/** node-sql-parser's names for our dialects (it lower-cases them, but be explicit). */
const DATABASE: Record<SqlDialect, string> = {
  postgresql: 'PostgresQL',
  mysql: 'MySQL',
  sqlite: 'Sqlite',
  bigquery: 'BigQuery',
  transactsql: 'TransactSQL',
};

export const SQL_DIALECTS: readonly SqlDialect[] = Object.keys(DATABASE) as SqlDialect[];

export interface Parsed {
  readonly ast: unknown;
  /** Entries like `select::public::users` (`null` when unqualified), from the parser's own visitor. */
  readonly tableList: readonly string[];
}

// The parser object is stateless between calls; building it once avoids re-creating grammars.
let parser: InstanceType<typeof nodeSqlParser.Parser> | undefined;

/** Throws on a syntax error; the caller turns that into a refusal. */
export function parseSql(sql: string, dialect: SqlDialect): Parsed {
  parser ??= new nodeSqlParser.Parser();
  const result = parser.parse(sql, { database: DATABASE[dialect] });
  return { ast: result.ast, tableList: result.tableList };
}
