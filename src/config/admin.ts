import { z } from 'zod';

/**
 * The admin page and its API (docs/admin.md). Off unless a token is configured: the page can
 * create and revoke gateway keys, so it never runs open.
 */
export const adminConfig = z.strictObject({
  /**
   * A secret reference (`env:PORTCULLIS_ADMIN_TOKEN`, `file:/run/secrets/admin`) to the token the
   * page sends in `X-Portcullis-Admin-Token`. At least 24 characters once resolved.
   */
  token: z.string().regex(/^[a-z]+:.+$/, 'a secret reference such as env:PORTCULLIS_ADMIN_TOKEN').optional(),
});

export type AdminConfig = z.output<typeof adminConfig>;
