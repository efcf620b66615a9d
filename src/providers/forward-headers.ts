import type { IncomingHttpHeaders } from 'node:http';

/**
 * Copies only the named client headers. The gateway forwards an allow-list, never the client's
 * own credentials (Authorization, x-api-key, api-key) or hop-by-hop headers.
 */
export function pickHeaders(source: IncomingHttpHeaders, names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = source[name];
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = value.join(', ');
  }
  return out;
}

/** The body's content headers; undefined body means a GET. */
export function contentHeaders(body: string | Buffer | undefined): Record<string, string> {
  return body === undefined ? {} : { 'content-type': 'application/json' };
}
