import type { FastifyReply } from 'fastify';

/**
 * The page's own files only: no inline script or style, no other origin, no framing, no forms
 * posting anywhere. Plots are inline SVG built with DOM calls, which this CSP allows.
 */
export const ADMIN_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function setAdminHeaders(reply: FastifyReply, cache: 'no-store' | 'no-cache'): void {
  reply.header('content-security-policy', ADMIN_CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('cross-origin-resource-policy', 'same-origin');
  reply.header('cache-control', cache);
}
