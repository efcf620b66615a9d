import { isRecord } from '../verdict.js';

/**
 * Collects what the validator must judge from node-sql-parser's AST without trusting any one
 * of its positional fields: the walk visits EVERY object, so a table in a subquery, a join's ON
 * clause, a UNION branch (`_next`), a CTE body or an INSERT … SELECT is seen the same way.
 */
export interface AstFacts {
  /** Real table references, lower-cased and qualified as written (`public.users`). */
  readonly tables: Set<string>;
  /** Every CTE name defined anywhere, lower-cased (for the cross-check with parser.tableList). */
  readonly cteNames: Set<string>;
  /** Function names as written: both the qualified and the bare, lower-cased. */
  readonly functions: { qualified: string; bare: string }[];
  /** Statement node types met anywhere (`select`, `delete`, …), including the root. */
  readonly statements: { type: string; hasWhere: boolean }[];
  /** `SELECT … INTO table|OUTFILE|DUMPFILE` anywhere. */
  selectInto: boolean;
  /** The tree is deeper than MAX_AST_DEPTH; the walk stopped, so the facts are incomplete. */
  tooDeep: boolean;
}

/**
 * Bounds the recursion: a chain of 10 000 `AND`s is a left-deep tree that would overflow the
 * stack. No query a model should write is this deep, and an incomplete walk must refuse.
 */
export const MAX_AST_DEPTH = 1000;

/** Node types that are statements (not expressions). `desc` is omitted: ORDER BY uses "DESC". */
const STATEMENT_TYPES: ReadonlySet<string> = new Set([
  'select', 'insert', 'replace', 'update', 'delete', 'drop', 'create', 'alter', 'truncate',
  'rename', 'grant', 'revoke', 'call', 'exec', 'execute', 'declare', 'load_data', 'copy', 'merge',
  'attach', 'pragma', 'vacuum', 'lock', 'unlock', 'use', 'transaction', 'show', 'explain', 'set',
]);

/** Keys whose values are metadata strings, not SQL (bigquery's `surround: { table: '`' }`). */
const SKIP_KEYS: ReadonlySet<string> = new Set(['surround', 'loc', 'tableList', 'columnList']);

/** Keys that name the table itself; the rest of a table node (a join's ON) is still walked. */
const NAME_KEYS: ReadonlySet<string> = new Set(['server', 'catalog', 'db', 'schema', 'table']);

export function collectAstFacts(ast: unknown): AstFacts {
  const facts: AstFacts = { tables: new Set(), cteNames: new Set(), functions: [], statements: [], selectInto: false, tooDeep: false };
  walk(ast, new Set(), facts, 0);
  return facts;
}

function walk(node: unknown, ctes: ReadonlySet<string>, facts: AstFacts, depth: number): void {
  if (depth > MAX_AST_DEPTH || facts.tooDeep) {
    facts.tooDeep = true;
    return;
  }
  if (Array.isArray(node)) {
    for (const item of node) walk(item, ctes, facts, depth + 1);
    return;
  }
  if (!isRecord(node)) return;

  if (Array.isArray(node.with) && node.with.length > 0) {
    walkWithScope(node, node.with, ctes, facts, depth);
    return;
  }
  noteNode(node, ctes, facts);
  const isTable = isTableRef(node);
  for (const [key, value] of Object.entries(node)) {
    if (SKIP_KEYS.has(key) || (isTable && NAME_KEYS.has(key))) continue;
    walk(value, ctes, facts, depth + 1);
  }
}

/**
 * SQL scoping of WITH: a CTE body sees the CTEs defined before it, and itself only when
 * RECURSIVE; the main statement sees all of them. Getting this right matters because
 * `WITH secrets AS (SELECT * FROM secrets) …` reads the REAL `secrets` table in its body.
 */
function walkWithScope(node: Record<string, unknown>, withList: unknown[], outer: ReadonlySet<string>, facts: AstFacts, depth: number): void {
  const visible = new Set(outer);
  for (const cte of withList) {
    if (!isRecord(cte)) continue;
    const name = cteName(cte);
    const bodyScope = new Set(visible);
    if (name !== null && cte.recursive === true) bodyScope.add(name);
    walk(cte.stmt, bodyScope, facts, depth + 1);
    if (name !== null) {
      visible.add(name);
      facts.cteNames.add(name);
    }
  }
  noteNode(node, visible, facts);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'with' || SKIP_KEYS.has(key)) continue;
    walk(value, visible, facts, depth + 1);
  }
}

function noteNode(node: Record<string, unknown>, ctes: ReadonlySet<string>, facts: AstFacts): void {
  const type = node.type;
  if (typeof type === 'string' && STATEMENT_TYPES.has(type) && looksLikeStatement(node)) {
    facts.statements.push({ type, hasWhere: node.where !== null && node.where !== undefined });
  }
  if (isRecord(node.into) && node.into.position !== null && node.into.position !== undefined) {
    facts.selectInto = true;
  }
  if (type === 'function' || type === 'aggr_func') {
    // An unreadable name is kept as '' so the validator refuses it rather than guessing.
    facts.functions.push(functionName(node) ?? { qualified: '', bare: '' });
  }
  if (isTableRef(node)) {
    const name = tableName(node);
    // Only an unqualified name can mean a CTE; `public.x` is always the real table.
    if (name.includes('.') || !ctes.has(name)) facts.tables.add(name);
  }
}

/** `set` is both a statement type and, elsewhere, a plain key; statements carry these keys. */
function looksLikeStatement(node: Record<string, unknown>): boolean {
  return ['from', 'table', 'columns', 'where', 'values', 'name', 'expr', 'keyword'].some((k) => k in node);
}

/**
 * A table reference is any node with a string `table` that is not a column reference.
 * Over-inclusion is safe here: it can only cause a refusal, never an acceptance.
 */
function isTableRef(node: Record<string, unknown>): boolean {
  return typeof node.table === 'string' && node.type !== 'column_ref' && !('column' in node);
}

function tableName(node: Record<string, unknown>): string {
  const parts: string[] = [];
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const server = str(node.server);
  const catalog = str(node.catalog);
  const db = str(node.db);
  const schema = str(node.schema);
  if (server !== null) parts.push(server);
  // BigQuery repeats the project in both `catalog` and `db`; take it once.
  if (catalog !== null) parts.push(catalog);
  else if (db !== null) parts.push(db);
  if (schema !== null) parts.push(schema);
  parts.push(node.table as string);
  return parts.join('.').toLowerCase();
}

function cteName(cte: Record<string, unknown>): string | null {
  const name = cte.name;
  if (typeof name === 'string') return name.toLowerCase();
  if (isRecord(name) && typeof name.value === 'string') return name.value.toLowerCase();
  return null;
}

function functionName(node: Record<string, unknown>): { qualified: string; bare: string } | null {
  const name = node.name;
  if (typeof name === 'string') return { qualified: name.toLowerCase(), bare: name.toLowerCase() };
  if (!isRecord(name) || !Array.isArray(name.name)) return null;
  const parts: string[] = [];
  if (isRecord(name.schema) && typeof name.schema.value === 'string') parts.push(name.schema.value);
  for (const part of name.name) {
    if (isRecord(part) && typeof part.value === 'string') parts.push(part.value);
  }
  const bare = parts.at(-1);
  if (bare === undefined) return null;
  return { qualified: parts.join('.').toLowerCase(), bare: bare.toLowerCase() };
}
