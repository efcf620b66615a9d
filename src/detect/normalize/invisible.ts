import { type Mapped, MappedBuilder } from './mapped.js';
import type { TransformLog } from './transforms.js';

/**
 * Zero-width and bidi control characters split a trigger phrase for a naive matcher
 * ("ig\u200Bnore") or reorder what a reviewer sees (Trojan Source, CVE-2021-42574) while the model
 * still reads the logical order. They carry no meaning for detection, so they are dropped.
 * Covers: soft hyphen, combining grapheme joiner, Arabic letter mark, Mongolian vowel separator,
 * ZWSP/ZWNJ/ZWJ/LRM/RLM, bidi embeddings/overrides/isolates, word joiner and invisible operators,
 * and the BOM used as a zero-width no-break space.
 */
// The class lists joiners and a combining character one by one on purpose; no sequence is meant.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFEFF\uFFA0]/;
// eslint-disable-next-line no-misleading-character-class -- same class as above
const INVISIBLE_G = new RegExp(INVISIBLE.source, 'g');

export function removeInvisible(input: Mapped, log: TransformLog): Mapped {
  const text = input.text;
  if (!INVISIBLE.test(text)) return input;
  const b = new MappedBuilder(text.length);
  let last = 0;
  for (const m of text.matchAll(INVISIBLE_G)) {
    const i = m.index;
    pushSlice(b, text, last, i);
    log.record('invisible', input.offsets[i]!, input.offsets[i + 1]!);
    last = i + 1;
  }
  pushSlice(b, text, last, text.length);
  return b.finish(input);
}

/** Pushes text[from, to) keeping a one-to-one map. */
function pushSlice(b: MappedBuilder, text: string, from: number, to: number): void {
  b.copy(text, from, to);
}
