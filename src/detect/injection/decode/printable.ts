/**
 * Decoders turn random-looking strings (hashes, ids, minified code) into bytes; only a result
 * that reads as text is worth scanning. "Text" = valid UTF-8 whose characters are mostly
 * printable and that contains at least one letter run of 2+.
 */
import { isUtf8 } from 'node:buffer';

const utf8 = new TextDecoder('utf-8');

export function bytesToText(bytes: Uint8Array): string | null {
  // isUtf8 validates without throwing: a fatal TextDecoder throws on every random-looking
  // candidate, and exceptions are slow.
  if (!isUtf8(bytes)) return null;
  const s = utf8.decode(bytes);
  return looksLikeText(s) ? s : null;
}

export function looksLikeText(s: string): boolean {
  if (s.length < 4) return false;
  let printable = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x09 || c >= 0xa0) printable++;
  }
  return printable / s.length >= 0.95 && /\p{L}{2}/u.test(s);
}
