import { type Mapped, MappedBuilder } from './mapped.js';
import type { TransformLog } from './transforms.js';

/**
 * Unicode tag characters (U+E0000–U+E007F) are invisible in most renderers but models read them:
 * U+E0020–U+E007E mirror printable ASCII, so "ASCII smuggling" hides a whole instruction in them.
 * We remove them from the visible text and return the ASCII they spell as a hidden payload that
 * the detector scans like a decoded layer.
 */
const TAG_RE = /[\u{E0000}-\u{E007F}]/u;

export interface Extracted {
  readonly mapped: Mapped;
  /** The smuggled text, or '' when there was none. */
  readonly hidden: string;
}

export function extractTags(input: Mapped, log: TransformLog): Extracted {
  const text = input.text;
  // Every tag character is encoded with the high surrogate U+DB40: a cheap pre-check.
  if (!text.includes('\uDB40') || !TAG_RE.test(text)) return { mapped: input, hidden: '' };
  const b = new MappedBuilder(text.length);
  const hidden: string[] = [];
  let runStart = -1;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (cp >= 0xe0000 && cp <= 0xe007f) {
      if (runStart < 0) runStart = i;
      // U+E0020..E007E carry ASCII; U+E0001 (language tag) and U+E007F (cancel) carry nothing.
      if (cp >= 0xe0020 && cp <= 0xe007e) hidden.push(String.fromCharCode(cp - 0xe0000));
    } else {
      if (runStart >= 0) {
        log.record('tags', input.offsets[runStart]!, input.offsets[i]!);
        hidden.push(' ');
        runStart = -1;
      }
      b.push(text.slice(i, i + width), i);
    }
    i += width;
  }
  if (runStart >= 0) log.record('tags', input.offsets[runStart]!, input.offsets[text.length]!);
  return { mapped: b.finish(input), hidden: hidden.join('').trim() };
}
