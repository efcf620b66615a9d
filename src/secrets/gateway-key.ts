import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Gateway keys: `pcl_<env>_<base62 of 32 random bytes>`. The fixed prefix lets secret scanners
 * (ours and GitHub's) spot a leaked key; the environment in the key makes a mix-up visible.
 * Keys are stored only as SHA-256 hashes: they carry 256 bits of entropy, so a slow password
 * hash adds nothing (the same reasoning GitHub uses for its tokens).
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_BYTES = 32;
export const GATEWAY_KEY_PATTERN = /^pcl_([a-z0-9][a-z0-9-]{0,31})_([0-9A-Za-z]{40,64})$/;

export function base62(bytes: Uint8Array): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = '';
  while (n > 0n) {
    out = BASE62[Number(n % 62n)]! + out;
    n /= 62n;
  }
  // Fixed width, so every key of an environment has the same length.
  const width = Math.ceil((bytes.length * 8) / Math.log2(62));
  return out.padStart(width, '0');
}

export function generateGatewayKey(environment: string): string {
  return `pcl_${environment}_${base62(randomBytes(SECRET_BYTES))}`;
}

/** A public id, safe to show and log: `key_` + 16 base62 characters. */
export function generateKeyId(): string {
  return `key_${base62(randomBytes(12)).slice(-16)}`;
}

export function parseGatewayKey(key: string): { environment: string } | undefined {
  const match = GATEWAY_KEY_PATTERN.exec(key);
  return match ? { environment: match[1]! } : undefined;
}

export function hashGatewayKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

const HEX_DIGEST = /^(?:[0-9a-f]{2})+$/i;

/** Constant-time comparison of two hex digests of equal length. */
export function hashesEqual(a: string, b: string): boolean {
  // Buffer.from(…, 'hex') stops at the first non-hex character: accept only whole digests.
  if (!HEX_DIGEST.test(a) || !HEX_DIGEST.test(b)) return false;
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
