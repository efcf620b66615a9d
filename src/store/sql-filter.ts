/**
 * The WHERE clause and parameters of a store query, from the filters that are set: the audit
 * and alert queries of the SQLite and PostgreSQL stores share it. Values are always bound as
 * parameters; only the fixed condition text (`time >=`, `kind =`) is written into the SQL.
 */
export interface SqlFilter {
  /** `WHERE a = $1 AND b >= $2`, or '' when no filter is set. */
  readonly where: string;
  readonly params: unknown[];
  /** Binds one more value (the LIMIT) and returns its placeholder. */
  bind(value: unknown): string;
}

/**
 * @param conditions `[condition, value]` pairs; a pair whose value is undefined is left out.
 * @param placeholder the driver's placeholder for the n-th parameter (`$n` for pg, `?` for SQLite).
 */
export function sqlFilter(conditions: readonly (readonly [condition: string, value: unknown])[], placeholder: (n: number) => string): SqlFilter {
  const params: unknown[] = [];
  const bind = (value: unknown): string => {
    params.push(value);
    return placeholder(params.length);
  };
  const parts = conditions.filter(([, value]) => value !== undefined).map(([condition, value]) => `${condition} ${bind(value)}`);
  return { where: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params, bind };
}
