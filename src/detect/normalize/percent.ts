import { isUtf8 } from 'node:buffer';
import { type Mapped, MappedBuilder } from './mapped.js';
import type { TransformLog } from './transforms.js';

/**
 * URL/percent encoding ("%69%67%6E%6F%72%65") hides a phrase from a matcher but not from a model
 * that decodes it. Runs of %XX are decoded as UTF-8 in place; a run that is not valid UTF-8 is
 * left as it was (so "100%" or binary junk is untouched).
 */
const RUN = /(?:%[0-9A-Fa-f]{2})+/g;
const utf8 = new TextDecoder('utf-8');

export function percentDecode(input: Mapped, log: TransformLog): Mapped {
  const text = input.text;
  if (!text.includes('%')) return input;
  const b = new MappedBuilder(text.length);
  let last = 0;
  let changed = false;
  for (const m of text.matchAll(RUN)) {
    const run = m[0];
    const bytes = new Uint8Array(run.length / 3);
    for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(run.slice(k * 3 + 1, k * 3 + 3), 16);
    // Validate first (no exception on the common invalid case).
    if (!isUtf8(bytes)) continue;
    const decoded = utf8.decode(bytes);
    b.copy(text, last, m.index);
    // Each decoded character maps to the %XX triplet(s) it came from, approximately: by byte order.
    let byte = 0;
    for (const ch of decoded) {
      b.push(ch, m.index + byte * 3);
      byte += utf8Length(ch.codePointAt(0)!);
    }
    log.record('percent', input.offsets[m.index]!, input.offsets[m.index + run.length]!);
    last = m.index + run.length;
    changed = true;
  }
  if (!changed) return input;
  b.copy(text, last, text.length);
  return b.finish(input);
}

function utf8Length(cp: number): number {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}
