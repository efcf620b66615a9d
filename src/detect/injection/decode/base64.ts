import { bytesToText } from './printable.js';
import type { DecodedCandidate } from './types.js';

/**
 * Base64 (standard and URL-safe alphabets). Candidates are runs of 16+ alphabet characters (12+ decoded bytes) with
 * at least one digit, "+", "/", "-" or "_" or mixed case, so long ordinary words are skipped before
 * any decoding; a decoded result must read as text (see printable.ts).
 */
const MIN_RUN = 16;
const NOT_PLAIN_WORD = /[0-9+/\-_=]|[a-z][A-Z]/;

// Base64 alphabet (both variants) by char code. A hand-written run scan: a regex here would be
// retried at every position of every word, which showed up at the top of the profile.
const ALPHABET = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_') ALPHABET[ch.charCodeAt(0)] = 1;

/** [start, end) of every run of 16+ alphabet characters, with up to two trailing "=". */
function runs(text: string): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 128 || ALPHABET[c] !== 1) {
      i++;
      continue;
    }
    const s = i;
    while (i < n && text.charCodeAt(i) < 128 && ALPHABET[text.charCodeAt(i)] === 1) i++;
    let e = i;
    while (e < n && e - i < 2 && text.charCodeAt(e) === 61) e++;
    if (i - s >= MIN_RUN) out.push([s, e]);
    i = e > i ? e : i;
  }
  return out;
}

export function decodeBase64(text: string, maxOut: number): DecodedCandidate[] {
  const out: DecodedCandidate[] = [];
  let budget = maxOut;
  for (const [start, end] of runs(text)) {
    const run = text.slice(start, end);
    if (!NOT_PLAIN_WORD.test(run)) continue;
    const body = run.replace(/=+$/, '');
    if (body.length % 4 === 1) continue; // never valid base64
    if (/[-_]/.test(body) && /[+/]/.test(body)) continue; // mixed alphabets: not base64
    const decoded = bytesToText(Buffer.from(body, /[-_]/.test(body) ? 'base64url' : 'base64'));
    if (decoded === null) continue;
    out.push({ layer: 'base64', text: decoded, start, end });
    budget -= decoded.length;
    if (budget <= 0) break;
  }
  return out;
}
