import { type Mapped, MappedBuilder } from './mapped.js';
import type { Extracted } from './tags.js';
import type { TransformLog } from './transforms.js';

/**
 * Variation-selector smuggling: the 256 variation selectors (U+FE00–FE0F = bytes 0–15,
 * U+E0100–E01EF = bytes 16–255) can follow any character, render as nothing, and survive
 * copy-paste, so a single emoji can carry an arbitrary UTF-8 payload. A lone U+FE0E/FE0F after an
 * emoji is ordinary (text/emoji presentation), so only runs of at least MIN_BYTES are decoded.
 */
// U+E0100..E01EF are encoded with the high surrogate U+DB40; no /u needed for this pre-check.
const VS_RE = /[\uFE00-\uFE0F\uDB40]/;
const MIN_BYTES = 3;
const utf8 = new TextDecoder('utf-8', { fatal: false });

function byteOf(cp: number): number {
  if (cp >= 0xfe00 && cp <= 0xfe0f) return cp - 0xfe00;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return cp - 0xe0100 + 16;
  return -1;
}

export function extractVariationBytes(input: Mapped, log: TransformLog): Extracted {
  const text = input.text;
  if (!VS_RE.test(text)) return { mapped: input, hidden: '' };
  const b = new MappedBuilder(text.length);
  const payloads: string[] = [];
  let run: number[] = [];
  let runStart = -1;
  const flush = (end: number): void => {
    if (run.length >= MIN_BYTES) {
      payloads.push(utf8.decode(Uint8Array.from(run)));
      log.record('variation-selectors', input.offsets[runStart]!, input.offsets[end]!);
    }
    run = [];
    runStart = -1;
  };
  let copyFrom = 0; // start of the pending run of ordinary characters, copied in one go
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (!(c >= 0xfe00 && c <= 0xfe0f) && c !== 0xdb40) {
      if (run.length > 0) flush(i);
      i++;
      continue;
    }
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const byte = byteOf(cp);
    if (byte >= 0) {
      if (copyFrom < i) b.copy(text, copyFrom, i);
      if (runStart < 0) runStart = i;
      run.push(byte);
      copyFrom = i + width;
    } else if (run.length > 0) flush(i);
    i += width;
  }
  if (copyFrom < text.length) b.copy(text, copyFrom, text.length);
  flush(text.length);
  return { mapped: b.finish(input), hidden: payloads.join(' ').trim() };
}
