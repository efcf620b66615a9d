import { createHash, timingSafeEqual } from 'node:crypto';

/** The header the admin page sends its token in (never a cookie or the URL: no CSRF, no logs). */
export const ADMIN_TOKEN_HEADER = 'x-portcullis-admin-token';

/** Shortest admin token accepted at start: guessing a 24-character random token is hopeless. */
export const MIN_ADMIN_TOKEN_CHARS = 24;

/**
 * Checks presented tokens in constant time. Both sides are hashed first so the comparison is over
 * equal lengths whatever was sent; only the digest of the configured token is kept.
 */
export function createAdminTokenCheck(token: string): (presented: string | string[] | undefined) => boolean {
  if (token.length < MIN_ADMIN_TOKEN_CHARS) throw new Error(`admin.token must be at least ${String(MIN_ADMIN_TOKEN_CHARS)} characters (e.g. openssl rand -base64 32)`);
  const expected = createHash('sha256').update(token, 'utf8').digest();
  return (presented) => {
    if (typeof presented !== 'string' || presented.length === 0 || presented.length > 1024) return false;
    return timingSafeEqual(createHash('sha256').update(presented, 'utf8').digest(), expected);
  };
}
