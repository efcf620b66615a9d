import type { SqlDialect } from './types.js';

/**
 * A deliberately small SQL scanner that only knows where literals, quoted identifiers and
 * comments begin and end. It runs BEFORE the parser so that two questions are answered
 * independently of node-sql-parser's grammar: "is there a comment?" and "is there text after a
 * statement separator?". If the two disagree with the database about where a literal ends, that
 * is exactly how stacked-query injection hides, so ambiguous literals are reported, not guessed.
 */
export interface SqlScan {
  readonly comments: readonly string[];
  /** True when a `;` outside literals/comments is followed by anything but whitespace or `;`. */
  readonly trailingAfterSeparator: boolean;
  /** A literal or comment that never ends. */
  readonly unterminated: boolean;
  /**
   * A backslash right before a quote inside a literal. Whether that backslash escapes the quote
   * depends on server settings (MySQL NO_BACKSLASH_ESCAPES, PostgreSQL E'' strings and
   * standard_conforming_strings), so the literal's end is ambiguous.
   */
  readonly ambiguousLiteral: boolean;
}

const DOLLAR_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

export function scanSql(sql: string, dialect: SqlDialect): SqlScan {
  const comments: string[] = [];
  let ambiguousLiteral = false;
  let sawSeparator = false;
  let trailingAfterSeparator = false;
  const hashComments = dialect === 'mysql' || dialect === 'bigquery';
  const nestedBlockComments = dialect === 'postgresql';
  let i = 0;
  const n = sql.length;

  // Returns the index after the closing quote, or -1 if unterminated. Doubled quotes escape.
  const skipQuoted = (start: number, close: string): number => {
    let j = start + 1;
    while (j < n) {
      const c = sql[j]!;
      if (c === '\\' && sql[j + 1] === close) ambiguousLiteral = true;
      if (c === close) {
        if (sql[j + 1] === close) { j += 2; continue; }
        return j + 1;
      }
      j++;
    }
    return -1;
  };

  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (sawSeparator && c !== ';' && !/\s/u.test(c)) trailingAfterSeparator = true;
    if (c === "'" || c === '"' || c === '`' || (c === '[' && dialect === 'transactsql')) {
      const end = skipQuoted(i, c === '[' ? ']' : c);
      if (end < 0) return { comments, trailingAfterSeparator, unterminated: true, ambiguousLiteral };
      i = end;
      continue;
    }
    // `$tag$` opens a dollar quote only at a token start: `a$b$` is an identifier, `$1` a parameter.
    if (c === '$' && dialect === 'postgresql' && !/[\p{L}\p{N}_$]/u.test(sql[i - 1] ?? ' ')) {
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 65));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        if (close < 0) return { comments, trailingAfterSeparator, unterminated: true, ambiguousLiteral };
        i = close + tag[0].length;
        continue;
      }
    }
    if ((c === '-' && next === '-') || (c === '#' && hashComments)) {
      let end = i;
      while (end < n && sql[end] !== '\n' && sql[end] !== '\r') end++;
      comments.push(sql.slice(i, end));
      i = end;
      continue;
    }
    if (c === '/' && next === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (sql[j] === '*' && sql[j + 1] === '/') { depth--; j += 2; continue; }
        if (nestedBlockComments && sql[j] === '/' && sql[j + 1] === '*') { depth++; j += 2; continue; }
        j++;
      }
      if (depth > 0) return { comments, trailingAfterSeparator, unterminated: true, ambiguousLiteral };
      comments.push(sql.slice(i, j));
      i = j;
      continue;
    }
    if (c === ';') sawSeparator = true;
    i++;
  }
  return { comments, trailingAfterSeparator, unterminated: false, ambiguousLiteral };
}
