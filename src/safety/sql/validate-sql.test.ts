import { describe, it, expect } from 'vitest';
import { validateSql } from './validate-sql.js';
import type { ValidateSqlOptions } from './types.js';

const readOnly: ValidateSqlOptions = { allowStatements: ['select'], allowTables: ['users', 'orders', 'public.users'] };
const writes: ValidateSqlOptions = { allowStatements: ['select', 'insert', 'update', 'delete'], allowTables: ['users', 'orders'] };

function code(sql: string, options: ValidateSqlOptions = readOnly): string {
  const verdict = validateSql(sql, options);
  return verdict.ok ? 'ok' : verdict.code;
}

describe('validateSql: accepted queries', () => {
  it('accepts a plain SELECT and reports its tables', () => {
    expect(validateSql('SELECT id, name FROM users WHERE id = 1', readOnly)).toEqual({ ok: true, statement: 'select', tables: ['users'] });
  });
  it('accepts joins, subqueries and CTEs over allowed tables; CTE names are not tables', () => {
    const sql = `WITH big AS (SELECT user_id FROM orders WHERE total > 100)
      SELECT u.name, count(*) FROM users u JOIN big ON big.user_id = u.id
      WHERE u.id IN (SELECT user_id FROM orders) GROUP BY u.name`;
    expect(validateSql(sql, readOnly)).toEqual({ ok: true, statement: 'select', tables: ['orders', 'users'] });
  });
  it('accepts a single trailing semicolon', () => {
    expect(code('SELECT * FROM users;  ')).toBe('ok');
  });
  it('accepts semicolons and comment markers inside string literals', () => {
    expect(code("SELECT * FROM users WHERE name = 'a; DROP TABLE x -- /* */'")).toBe('ok');
  });
  it('compares tables case-insensitively and accepts quoted identifiers', () => {
    expect(code('SELECT * FROM USERS')).toBe('ok');
    expect(code('SELECT * FROM "Users"')).toBe('ok');
    expect(code('SELECT * FROM `users`', { ...readOnly, dialect: 'mysql' })).toBe('ok');
  });
  it('accepts a schema-qualified table only when the qualified name is listed', () => {
    expect(code('SELECT * FROM public.users')).toBe('ok');
    expect(code('SELECT * FROM public.orders')).toBe('sql_table_not_allowed');
    expect(code('SELECT * FROM other.users')).toBe('sql_table_not_allowed');
  });
  it('accepts allowed writes with WHERE', () => {
    expect(validateSql("UPDATE users SET name = 'x' WHERE id = 1", writes)).toMatchObject({ ok: true, statement: 'update' });
    expect(validateSql('DELETE FROM orders WHERE id = 3', writes)).toMatchObject({ ok: true, statement: 'delete' });
    expect(validateSql("INSERT INTO users (id, name) VALUES (1, 'a')", writes)).toMatchObject({ ok: true, statement: 'insert' });
  });
  it('accepts the other dialects', () => {
    expect(code('SELECT TOP 5 * FROM dbo.users', { ...readOnly, dialect: 'transactsql', allowTables: ['dbo.users'] })).toBe('ok');
    expect(code('SELECT * FROM main.users', { ...readOnly, dialect: 'sqlite', allowTables: ['main.users'] })).toBe('ok');
    expect(code('SELECT * FROM proj.ds.users', { ...readOnly, dialect: 'bigquery', allowTables: ['proj.ds.users'] })).toBe('ok');
    expect(code('SELECT * FROM `proj.ds.users`', { ...readOnly, dialect: 'bigquery', allowTables: ['proj.ds.users'] })).toBe('ok');
  });
});

describe('validateSql: stacked queries and comments', () => {
  it.each([
    'SELECT 1; DROP TABLE x',
    'SELECT * FROM users; DELETE FROM users WHERE 1=1',
    'SELECT * FROM users;;SELECT * FROM orders',
    'SELECT * FROM users;\nSELECT * FROM users',
  ])('refuses stacked statements: %s', (sql) => {
    expect(code(sql)).toBe('sql_multiple_statements');
  });
  it('refuses the comment trick SELECT * FROM users/**/;DROP TABLE x', () => {
    expect(code('SELECT * FROM users/**/;DROP TABLE x')).toMatch(/sql_(comment|multiple_statements)/u);
    expect(code('SELECT * FROM users/**/;DROP TABLE x', { ...readOnly, allowComments: true })).toBe('sql_multiple_statements');
  });
  it.each([
    'SELECT * FROM users -- WHERE tenant = 2',
    'SELECT * FROM users /* hi */',
    "SELECT * FROM users WHERE name = 'a' --",
  ])('refuses comments by default: %s', (sql) => {
    expect(code(sql)).toBe('sql_comment');
  });
  it('refuses # comments in MySQL', () => {
    expect(code('SELECT * FROM users # x', { ...readOnly, dialect: 'mysql' })).toBe('sql_comment');
  });
  it('with allowComments, still refuses comments that contain SQL or MySQL executable comments', () => {
    const opts = { ...readOnly, allowComments: true };
    expect(code('SELECT * FROM users -- the list', opts)).toBe('ok');
    expect(code('SELECT * FROM users /* UNION SELECT * FROM secrets */', opts)).toBe('sql_comment');
    expect(code('SELECT * FROM users /*!50000 UNION SELECT 1 */', { ...opts, dialect: 'mysql' })).toBe('sql_comment');
    expect(code('SELECT * FROM users -- ; drop', opts)).toBe('sql_comment');
  });
  it('refuses unterminated literals and comments', () => {
    expect(code("SELECT * FROM users WHERE name = 'abc")).toBe('sql_parse_error');
    expect(code('SELECT * FROM users /* open')).toBe('sql_parse_error');
  });
  it('refuses a backslash-quote whose meaning depends on server settings', () => {
    expect(code("SELECT * FROM users WHERE name = 'a\\' ; DROP TABLE x; -- '", { ...readOnly, dialect: 'mysql' })).toBe('sql_ambiguous_literal');
    expect(code("SELECT * FROM users WHERE name = E'\\''")).toBe('sql_ambiguous_literal');
  });
  it('does not mistake $ inside identifiers or parameters for dollar quotes', () => {
    expect(code('SELECT * FROM users WHERE id = $1')).toBe('ok');
    expect(code('SELECT a$b$ FROM users')).not.toBe('ok');
  });
  it('treats PostgreSQL dollar quotes as literals', () => {
    expect(code('SELECT $$a;b$$ FROM users')).toBe('ok');
    expect(code('SELECT $t$ x; DROP TABLE y $t$ FROM users')).not.toBe('sql_multiple_statements');
  });
});

describe('validateSql: statement kinds', () => {
  it.each([
    ['DROP TABLE users'],
    ['TRUNCATE users'],
    ["INSERT INTO users (id) VALUES (1)"],
    ['UPDATE users SET a = 1 WHERE id = 1'],
    ['DELETE FROM users WHERE id = 1'],
    ['GRANT ALL ON users TO bob'],
  ])('refuses %s under a SELECT-only policy', (sql) => {
    expect(code(sql)).toMatch(/sql_(statement_not_allowed|parse_error)/u);
  });
  it('refuses statements the parser cannot read, like COPY … PROGRAM', () => {
    expect(code("COPY users TO PROGRAM 'id'")).toMatch(/sql_(statement_not_allowed|parse_error)/u);
  });
  it('refuses a write hidden in a PostgreSQL data-modifying CTE', () => {
    expect(code('WITH d AS (DELETE FROM users WHERE id = 1 RETURNING id) SELECT id FROM d')).toBe('sql_statement_not_allowed');
    expect(code('WITH d AS (UPDATE users SET a = 1 WHERE id = 2 RETURNING id) SELECT id FROM d')).toBe('sql_statement_not_allowed');
    expect(code('WITH d AS (UPDATE users SET a = 1 RETURNING id) SELECT id FROM d', writes)).toBe('sql_unfiltered_write');
    expect(code('WITH d AS (DELETE FROM users WHERE id = 1 RETURNING id) SELECT id FROM d', writes)).toBe('ok');
  });
  it('refuses statements outside the four kinds even when the parser knows them', () => {
    expect(code('TABLE secrets')).not.toBe('ok');
    expect(code('EXPLAIN SELECT * FROM users')).not.toBe('ok');
    expect(code('REPLACE INTO users (id) VALUES (1)', { ...writes, dialect: 'mysql' })).toBe('sql_statement_not_allowed');
  });
  it('compares allowStatements case-insensitively', () => {
    expect(code('SELECT * FROM users', { ...readOnly, allowStatements: ['SELECT' as 'select'] })).toBe('ok');
  });
  it('refuses UPDATE/DELETE without WHERE unless allowed', () => {
    expect(code('DELETE FROM users', writes)).toBe('sql_unfiltered_write');
    expect(code('UPDATE users SET admin = true', writes)).toBe('sql_unfiltered_write');
    expect(code('DELETE FROM users', { ...writes, allowUnfilteredWrites: true })).toBe('ok');
  });
  it('refuses SELECT … INTO (a table, or a file in MySQL)', () => {
    expect(code('SELECT * INTO backup FROM users')).toBe('sql_select_into');
    expect(code("SELECT * FROM users INTO OUTFILE '/tmp/x'", { ...readOnly, dialect: 'mysql' })).toBe('sql_select_into');
  });
  it('an INSERT … SELECT reads only allowed tables', () => {
    expect(code('INSERT INTO users (id) SELECT id FROM orders', writes)).toBe('ok');
    expect(code('INSERT INTO users (id) SELECT id FROM secrets', writes)).toBe('sql_table_not_allowed');
    expect(code('INSERT INTO secrets (id) VALUES (1)', writes)).toBe('sql_table_not_allowed');
  });
});

describe('validateSql: tables outside the allow-list', () => {
  it.each([
    'SELECT * FROM users UNION SELECT * FROM secrets',
    'SELECT name FROM users UNION ALL SELECT password FROM admin.credentials',
    'SELECT * FROM users WHERE id IN (SELECT user_id FROM secrets)',
    'SELECT * FROM users WHERE EXISTS (SELECT 1 FROM secrets)',
    'SELECT (SELECT token FROM secrets LIMIT 1) FROM users',
    'SELECT * FROM (SELECT * FROM secrets) s',
    'SELECT * FROM users u JOIN secrets s ON s.id = u.id',
    'SELECT * FROM users u LEFT JOIN orders o ON o.id IN (SELECT id FROM secrets)',
    'WITH x AS (SELECT * FROM secrets) SELECT * FROM x',
    'SELECT * FROM information_schema.tables',
    'SELECT * FROM pg_catalog.pg_shadow',
    'SELECT * FROM SeCrEtS',
    'SELECT * FROM "secrets"',
  ])('refuses %s', (sql) => {
    expect(code(sql)).toBe('sql_table_not_allowed');
  });
  it('a CTE that reads a real table of its own name is caught (CTE smuggling)', () => {
    expect(code('WITH secrets AS (SELECT * FROM secrets) SELECT * FROM secrets', { ...readOnly, allowTables: ['users'] })).toBe('sql_table_not_allowed');
  });
  it('a CTE named like an allowed table does not launder another table', () => {
    expect(code('WITH users AS (SELECT * FROM secrets) SELECT * FROM users')).toBe('sql_table_not_allowed');
  });
  it('a recursive CTE may read itself', () => {
    expect(code('WITH RECURSIVE t AS (SELECT 1 AS n UNION SELECT n + 1 FROM t WHERE n < 5) SELECT * FROM t')).toBe('ok');
  });
  it('a CTE name does not shadow a qualified real table', () => {
    expect(code('WITH secrets AS (SELECT 1) SELECT * FROM private.secrets')).toBe('sql_table_not_allowed');
  });
});

describe('validateSql: functions', () => {
  it.each([
    'SELECT pg_sleep(10)',
    'SELECT * FROM users WHERE id = 1 AND pg_sleep(5) IS NOT NULL',
    'SELECT PG_SLEEP(10)',
    'SELECT pg_catalog.pg_sleep(1)',
    "SELECT pg_read_file('/etc/passwd')",
    "SELECT * FROM pg_read_file('/etc/passwd')",
    "SELECT lo_import('/etc/passwd')",
    "SELECT * FROM dblink('host=evil', 'select 1') AS t(a int)",
    "SELECT set_config('role', 'admin', false)",
    "SELECT query_to_xml('select * from secrets', true, false, '')",
    "SELECT current_setting('is_superuser')",
  ])('refuses %s', (sql) => {
    expect(code(sql)).toMatch(/sql_(function_not_allowed|parse_error)/u);
  });
  it.each([
    'SELECT sleep(5)',
    'SELECT benchmark(1000000, md5(1))',
    "SELECT load_file('/etc/passwd')",
    "SELECT extractvalue(1, concat(0x7e, (SELECT version())))",
  ])('refuses MySQL %s', (sql) => {
    expect(code(sql, { ...readOnly, dialect: 'mysql' })).toBe('sql_function_not_allowed');
  });
  it("refuses SQLite load_extension", () => {
    expect(code("SELECT load_extension('/tmp/evil.so')", { ...readOnly, dialect: 'sqlite' })).toBe('sql_function_not_allowed');
  });
  it('allows ordinary functions by default', () => {
    expect(code('SELECT lower(name), count(*) FROM users GROUP BY lower(name)')).toBe('ok');
  });
  it('with allowFunctions, allows only those (EXISTS is an operator, not a function)', () => {
    const opts = { ...readOnly, allowFunctions: ['count'] };
    expect(code('SELECT count(*) FROM users', opts)).toBe('ok');
    expect(code('SELECT lower(name) FROM users', opts)).toBe('sql_function_not_allowed');
    expect(code('SELECT * FROM users WHERE EXISTS (SELECT 1 FROM orders)', opts)).toBe('ok');
    expect(code('SELECT pg_sleep(1)', { ...readOnly, allowFunctions: ['pg_sleep'] })).toBe('ok');
  });
});

describe('validateSql: maxLimit', () => {
  const opts = { ...readOnly, maxLimit: 100 };
  it('requires a LIMIT within the cap', () => {
    expect(code('SELECT * FROM users LIMIT 10', opts)).toBe('ok');
    expect(code('SELECT * FROM users LIMIT 10 OFFSET 5', opts)).toBe('ok');
    expect(code('SELECT * FROM users', opts)).toBe('sql_limit_missing');
    expect(code('SELECT * FROM users LIMIT 1000', opts)).toBe('sql_limit_exceeded');
  });
  it('reads MySQL LIMIT offset, count and T-SQL TOP', () => {
    expect(code('SELECT * FROM users LIMIT 5000, 10', { ...opts, dialect: 'mysql' })).toBe('ok');
    expect(code('SELECT * FROM users LIMIT 0, 5000', { ...opts, dialect: 'mysql' })).toBe('sql_limit_exceeded');
    expect(code('SELECT TOP 50 * FROM users', { ...opts, dialect: 'transactsql' })).toBe('ok');
  });
  it('uses the trailing LIMIT of a UNION', () => {
    expect(code('SELECT * FROM users UNION SELECT * FROM users LIMIT 5', opts)).toBe('ok');
  });
});

describe('validateSql: never throws', () => {
  it('refuses trees too deep to walk instead of overflowing the stack', () => {
    const sql = 'SELECT * FROM users WHERE ' + 'a = 1 AND '.repeat(1500) + 'b = 2';
    expect(code(sql, { ...readOnly, maxLength: 50_000 })).toBe('sql_too_complex');
    expect(code('SELECT ' + '('.repeat(5000) + '1' + ')'.repeat(5000), { ...readOnly, maxLength: 50_000 })).not.toBe('ok');
  });
  it.each([
    [''],
    ['   '],
    ['SELEC * FROM users'],
    ['SELECT * FROM users WHERE'],
    ['\0SELECT 1'],
    ['SELECT 1 ； DROP TABLE x'],
    ['x'.repeat(200_000)],
  ])('refuses bad input %#', (sql) => {
    const verdict = validateSql(sql, readOnly);
    expect(verdict.ok).toBe(false);
  });
  it('refuses non-string input and malformed options from JavaScript callers', () => {
    expect(validateSql(42 as unknown as string, readOnly)).toMatchObject({ ok: false, code: 'sql_invalid_input' });
    expect(validateSql('SELECT 1', { allowStatements: 'select', allowTables: [] } as unknown as ValidateSqlOptions)).toMatchObject({ ok: false, code: 'sql_invalid_options' });
    expect(validateSql('SELECT 1', { ...readOnly, dialect: 'oracle' } as unknown as ValidateSqlOptions)).toMatchObject({ ok: false, code: 'sql_invalid_options' });
  });
});
