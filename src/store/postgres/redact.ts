/**
 * Errors from `pg` (or from parsing a connection string) must not carry the database password
 * into logs: Node's URL errors keep the whole input in `.input`, and a logger serializes every
 * property. So callers get a fresh error built only from a redacted message and the SQLSTATE.
 */
export function connectionSecrets(connectionString: string): string[] {
  const found: string[] = [];
  try {
    const password = new URL(connectionString).password;
    if (password) found.push(password, decodeURIComponent(password));
  } catch {
    // Not a URL (libpq key=value form); the pattern below still covers `password=...`.
  }
  const keyValue = /password\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/i.exec(connectionString);
  if (keyValue?.[1]) found.push(keyValue[1], keyValue[1].replace(/^'|'$/g, ''));
  return [...new Set(found.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@').replace(/(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi, '$1***');
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}

export interface DescribedError {
  readonly message: string;
  /** The SQLSTATE (`23505`, `57014`, ...) or Node error code, when there is one. */
  readonly code: string | undefined;
}

function messageOf(err: unknown): string {
  // Connecting to a name with IPv4 and IPv6 addresses fails with an AggregateError whose own message is empty.
  if (err instanceof AggregateError && !err.message) return [...new Set(err.errors.map(messageOf))].join('; ');
  return err instanceof Error ? err.message : String(err);
}

export function describeError(err: unknown, secrets: readonly string[]): DescribedError {
  const message = messageOf(err);
  const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  return { message: redact(message || 'unknown error', secrets), code };
}

/** A store failure: a redacted message and the SQLSTATE, with no reference to the original error. */
export class PostgresStoreError extends Error {
  readonly code: string | undefined;

  constructor(message: string, code: string | undefined) {
    super(message);
    this.name = 'PostgresStoreError';
    this.code = code;
  }
}

/** Runs database work so that every failure leaves through `fail` (redacted, typed). */
export function guardWith(fail: (err: unknown) => Error): <T>(work: () => Promise<T>) => Promise<T> {
  return async (work) => {
    try {
      return await work();
    } catch (err) {
      throw fail(err);
    }
  };
}
