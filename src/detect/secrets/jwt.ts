/**
 * A JWT (RFC 7519) in compact serialization is three base64url parts. Anything can look like
 * `eyJ….….…`, so the header must decode to a JSON object with a string "alg" (RFC 7515 §4.1.1
 * makes "alg" the one required header parameter).
 */
export function isJwtHeader(part: string): boolean {
  try {
    const json: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof json === 'object' && json !== null && typeof (json as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}
