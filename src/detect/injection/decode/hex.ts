import { bytesToText } from './printable.js';
import type { DecodedCandidate } from './types.js';

/**
 * Hex-encoded text: "69676e6f7265", "\x69\x67", "0x69 0x67", "69:67:6e". At least 8 bytes, so
 * colours and short ids are skipped; hashes decode to binary and are dropped by the text check.
 * Each repetition consumes exactly one byte with optional one-character separator: linear time.
 */
// Starts only where a hex run starts (see base64.ts for why).
const RUN = /(?<![0-9A-Fa-f])(?:\\x|0x)?[0-9A-Fa-f]{2}(?:[ :,]?(?:\\x|0x)?[0-9A-Fa-f]{2}){7,}/g;
const STRIP = /\\x|0x|[ :,]/g;

/** Cheap pre-check: an escape prefix, or 16 hex digits in a row somewhere. */
function mayContainHex(text: string): boolean {
  if (text.includes('\\x') || text.includes('0x')) return true;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20; // fold A-F to a-f (digits are unaffected)
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) {
      if (++run >= 16) return true;
    } else if (c !== 0x20 && c !== 0x3a && c !== 0x2c) run = 0; // separators " : ," keep the run
  }
  return false;
}

export function decodeHex(text: string, maxOut: number): DecodedCandidate[] {
  if (!mayContainHex(text)) return [];
  const out: DecodedCandidate[] = [];
  let budget = maxOut;
  for (const m of text.matchAll(RUN)) {
    const digits = m[0].replace(STRIP, '');
    if (digits.length % 2 !== 0) continue;
    const decoded = bytesToText(Buffer.from(digits, 'hex'));
    if (decoded === null) continue;
    out.push({ layer: 'hex', text: decoded, start: m.index, end: m.index + m[0].length });
    budget -= decoded.length;
    if (budget <= 0) break;
  }
  return out;
}
