import type { Span } from './span.js';

/**
 * PEM private keys (RFC 7468) span many lines, so they are found by hand instead of one regex:
 * locate each BEGIN line, then the first matching END line at most {@link PEM_MAX_CHARS} later.
 * Without an END in reach (a truncated or huge block, or a window that ends early) the BEGIN line
 * plus the base64 body that follows, up to the cap, is the match: half a private key is still a
 * leak. Keys embedded in JSON (GCP service-account files) have literal `\n` escapes, which the
 * body class accepts.
 */
export const PEM_MAX_CHARS = 8192;

const BEGIN = /-----BEGIN (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
const END = /-----END (?:[A-Z0-9]{1,20} ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
// Base64 body, line breaks (real or JSON-escaped) and RFC 1421 headers such as "Proc-Type: 4,ENCRYPTED".
const BODY = new RegExp(`[A-Za-z0-9+/=\\r\\n\\t \\\\,:-]{0,${PEM_MAX_CHARS}}`, 'y');

export function findPemPrivateKeys(text: string): Span[] {
  const ends: Span[] = [];
  for (const m of text.matchAll(END)) ends.push({ start: m.index, end: m.index + m[0].length });
  const out: Span[] = [];
  let e = 0; // ends are sorted: one pointer keeps the whole scan linear
  let coveredTo = 0;
  for (const m of text.matchAll(BEGIN)) {
    const start = m.index;
    if (start < coveredTo) continue; // a BEGIN inside the previous block
    const beginEnd = start + m[0].length;
    while (e < ends.length && ends[e]!.start < beginEnd) e++;
    const end = ends[e];
    if (end !== undefined && end.end - start <= PEM_MAX_CHARS) {
      out.push({ start, end: end.end });
      coveredTo = end.end;
      continue;
    }
    BODY.lastIndex = beginEnd;
    const body = BODY.exec(text);
    const stop = Math.min(beginEnd + (body?.[0].length ?? 0), start + PEM_MAX_CHARS);
    out.push({ start, end: stop });
    coveredTo = stop;
  }
  return out;
}
