import { refuse } from '../verdict.js';
import { isRecord } from '../verdict.js';
import { collectAstFacts } from './ast-walk.js';
import { DANGEROUS_SQL_FUNCTIONS, FUNCTION_LIKE_OPERATORS } from './dangerous-functions.js';
import { scanSql } from './lexer.js';
import { selectRowCap } from './limit.js';
import { SQL_DIALECTS, parseSql } from './parser.js';
import type { SqlStatementKind, SqlVerdict, ValidateSqlOptions } from './types.js';

// The PEG parser takes about a second per 60 000 characters; model-written queries are far shorter.
const DEFAULT_MAX_LENGTH = 20_000;
const STATEMENT_KINDS: readonly string[] = ['select', 'insert', 'update', 'delete'];

/** Words that turn a comment into a place to hide a second statement or a clause. */
const SQL_IN_COMMENT =
  /;|\b(?:select|insert|update|delete|drop|alter|create|truncate|exec|execute|union|grant|revoke|into|merge|call|copy|attach|pragma|declare|waitfor|sleep|load_file)\b/iu;

/**
 * Decides whether SQL written by a model may be executed under the caller's policy (OWASP LLM05:
 * treat model output as untrusted input). It parses; it never rewrites or executes, and it never
 * throws — any unexpected failure is a refusal.
 */
export function validateSql(sql: string, options: ValidateSqlOptions): SqlVerdict {
  try {
    return check(sql, options);
  } catch (error) {
    return refuse('sql_invalid_input', `validation failed: ${error instanceof Error ? error.message : 'unknown error'}`);
  }
}

function check(sql: unknown, options: ValidateSqlOptions): SqlVerdict {
  const dialect = options.dialect ?? 'postgresql';
  if (!SQL_DIALECTS.includes(dialect)) return refuse('sql_invalid_options', `unknown dialect ${JSON.stringify(dialect)}`);
  // Callers may be plain JavaScript; a malformed policy must refuse, not throw or allow.
  const lists: unknown[] = [options.allowStatements, options.allowTables, options.allowFunctions ?? []];
  if (!lists.every((list) => Array.isArray(list) && list.every((item) => typeof item === 'string'))) {
    return refuse('sql_invalid_options', 'allowStatements, allowTables and allowFunctions must be arrays of strings');
  }
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (typeof sql !== 'string' || sql.trim() === '') return refuse('sql_invalid_input', 'SQL must be a non-empty string');
  if (sql.length > maxLength) return refuse('sql_invalid_input', `SQL is longer than ${maxLength} characters`);
  if (sql.includes('\0')) return refuse('sql_invalid_input', 'SQL contains a NUL character');

  // 1. Lexical checks, independent of the parser's grammar.
  const scan = scanSql(sql, dialect);
  // Ambiguity first: an "unterminated" literal is often the same backslash read the other way.
  if (scan.ambiguousLiteral) {
    return refuse('sql_ambiguous_literal', 'a literal contains a backslash before a quote; where it ends depends on server settings');
  }
  if (scan.unterminated) return refuse('sql_parse_error', 'a string, identifier or comment is not terminated');
  if (scan.trailingAfterSeparator) return refuse('sql_multiple_statements', 'only one statement is allowed');
  for (const comment of scan.comments) {
    if (options.allowComments !== true) return refuse('sql_comment', 'comments are not allowed');
    // MySQL runs `/*! … */` as code; `/*+ … */` are optimizer hints.
    if (/^\/\*[!+]/u.test(comment) || SQL_IN_COMMENT.test(comment)) {
      return refuse('sql_comment', 'a comment contains SQL');
    }
  }

  // 2. Parse.
  let parsed;
  try {
    parsed = parseSql(sql, dialect);
  } catch (error) {
    // node-sql-parser also overflows the stack on deeply nested parentheses: still a refusal.
    const detail = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : 'syntax error';
    return refuse('sql_parse_error', `not valid ${dialect} SQL: ${detail}`);
  }
  const statements = Array.isArray(parsed.ast) ? parsed.ast : [parsed.ast];
  if (statements.length !== 1) return refuse('sql_multiple_statements', 'only one statement is allowed');
  const root: unknown = statements[0];
  if (!isRecord(root) || typeof root.type !== 'string') return refuse('sql_parse_error', 'not a statement');

  // 3. Statement kinds: the root, and any write nested in it (PostgreSQL data-modifying CTEs).
  const allowed = new Set<string>(options.allowStatements.map((s) => s.toLowerCase()));
  const kind = root.type.toLowerCase();
  if (!STATEMENT_KINDS.includes(kind) || !allowed.has(kind)) {
    return refuse('sql_statement_not_allowed', `${kind.toUpperCase()} statements are not allowed`);
  }
  const facts = collectAstFacts(root);
  if (facts.tooDeep) return refuse('sql_too_complex', 'the statement is nested too deeply to check');
  for (const statement of facts.statements) {
    if (statement.type !== 'select' && !allowed.has(statement.type)) {
      return refuse('sql_statement_not_allowed', `nested ${statement.type.toUpperCase()} is not allowed`);
    }
    if ((statement.type === 'update' || statement.type === 'delete') && !statement.hasWhere && options.allowUnfilteredWrites !== true) {
      return refuse('sql_unfiltered_write', `${statement.type.toUpperCase()} without WHERE is not allowed`);
    }
  }
  if (facts.selectInto) return refuse('sql_select_into', 'SELECT … INTO is not allowed');

  // 4. Tables: our scoped walk, then the parser's own list as a second opinion.
  const allowTables = new Set(options.allowTables.map((t) => t.toLowerCase()));
  for (const table of facts.tables) {
    if (!allowTables.has(table)) return refuse('sql_table_not_allowed', `table "${table}" is not allowed`);
  }
  for (const entry of parsed.tableList) {
    const [, db, table] = entry.split('::');
    const name = (db === undefined || db === 'null' ? table ?? '' : `${db}.${table ?? ''}`).toLowerCase();
    if (!allowTables.has(name) && !facts.cteNames.has(name)) {
      return refuse('sql_table_not_allowed', `table "${name}" is not allowed`);
    }
  }

  // 5. Functions.
  const allowFunctions = options.allowFunctions === undefined ? null : new Set(options.allowFunctions.map((f) => f.toLowerCase()));
  for (const fn of facts.functions) {
    if (fn.bare === '') return refuse('sql_function_not_allowed', 'a function call could not be identified');
    if (FUNCTION_LIKE_OPERATORS.has(fn.bare)) continue;
    const listed = allowFunctions !== null && (allowFunctions.has(fn.bare) || allowFunctions.has(fn.qualified));
    if (listed) continue;
    if (allowFunctions !== null || DANGEROUS_SQL_FUNCTIONS.has(fn.bare)) {
      return refuse('sql_function_not_allowed', `function "${fn.qualified}" is not allowed`);
    }
  }

  // 6. Row cap.
  if (options.maxLimit !== undefined && kind === 'select') {
    const cap = selectRowCap(root);
    if (cap === null) return refuse('sql_limit_missing', `SELECT must end with LIMIT ≤ ${options.maxLimit}`);
    if (cap > options.maxLimit) return refuse('sql_limit_exceeded', `LIMIT ${cap} exceeds ${options.maxLimit}`);
  }

  return { ok: true, statement: kind as SqlStatementKind, tables: [...facts.tables].sort() };
}
