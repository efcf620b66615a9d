/**
 * Email addresses, the common shape rather than all of RFC 5322 (quoted local parts and IP
 * literals do not appear in model output as PII). Bounds follow RFC 5321 §4.5.3.1: local part
 * ≤ 64, labels ≤ 63. The lookbehind lets a match start only at the start of a run, and dots end
 * every label, so the scan is linear.
 */
export const EMAIL_PATTERN =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;
export const EMAIL_MAX_CHARS = 64 + 1 + 8 * 64 + 24;

/**
 * Domains reserved for documentation and testing (RFC 2606, RFC 6761): an address there belongs
 * to nobody, and model answers are full of them (user@example.com), so it is not PII.
 */
const RESERVED = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$/i;

export function isReservedEmail(address: string): boolean {
  return RESERVED.test(address.slice(address.lastIndexOf('@') + 1));
}
