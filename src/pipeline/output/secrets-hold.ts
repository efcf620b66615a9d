import type { TextMatch } from '../types.js';

/**
 * Streamed text an output scanner keeps unreleased behind the newest character: the longest
 * match that can contain spaces (a phone or card number written in groups, a `password = …`
 * assignment). Matches without spaces (keys, JWTs, emails, URLs) and longer constructs (markdown
 * links, PEM blocks) are held whole by the open-tail rules instead, so this window — the latency
 * it adds to a stream — stays small.
 */
export const OUTPUT_CONTEXT_CHARS = 96;

/** A PEM private key block holds up to about 8 KiB (RSA-4096); nothing beyond is held for it. */
const PEM_HOLD_CHARS = 8_192;
const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----/g;

/** A private key block that has begun but not ended is held from its BEGIN line on. */
export function openUnfinishedPem(window: string): TextMatch[] {
  let last = -1;
  for (const m of window.matchAll(PEM_BEGIN)) last = m.index;
  if (last === -1 || window.includes('-----END', last) || window.length - last > PEM_HOLD_CHARS) return [];
  return [{ start: last, end: window.length, rule: 'hold', action: 'redact', replacement: '' }];
}
