/**
 * Per-character token floors for non-ASCII text, used by the Claude estimate (claude.ts).
 *
 * A byte-level BPE tokenizer never needs more tokens than the text has UTF-8 bytes, and needs
 * about that many for scripts its vocabulary barely covers: OpenAI's cl100k_base spends 2.1
 * tokens per Armenian or Georgian letter and 2.9 per Ethiopic syllable, i.e. one per byte.
 * Scripts every current vocabulary covers well get lower floors, each at or above what
 * cl100k_base (the less multilingual of the two public OpenAI encodings) spends per character on
 * running text of that script (scripts.test.ts measures it). Everything else is charged its UTF-8
 * length. Characters that are letters of some script (not punctuation, symbols or emoji) are
 * also counted, because text in a language other than English is where o200k under-counts most
 * and the estimate then takes the cl100k count as well.
 */

// [first, last, tokens per character, is a script's letters], sorted by first code point.
const COMMON: readonly (readonly [number, number, number, boolean])[] = [
  [0x0080, 0x00bf, 1, false], // Latin-1 punctuation and symbols (nbsp, «», °, ©)
  [0x00c0, 0x024f, 1, true], // Latin-1 letters, Latin Extended-A/B
  [0x0370, 0x03ff, 1.25, true], // Greek
  [0x0400, 0x052f, 0.75, true], // Cyrillic
  [0x0590, 0x05ff, 1.25, true], // Hebrew
  [0x0600, 0x06ff, 1, true], // Arabic
  [0x0e00, 0x0e7f, 1.5, true], // Thai
  [0x1100, 0x11ff, 1.5, true], // Hangul Jamo
  [0x1e00, 0x1eff, 1, true], // Latin Extended Additional (Vietnamese)
  [0x2000, 0x206f, 1, false], // General punctuation (dashes, curly quotes, ellipsis)
  [0x20a0, 0x20cf, 1, false], // Currency symbols
  [0x3000, 0x303f, 1.5, false], // CJK symbols and punctuation
  [0x3040, 0x30ff, 1.25, true], // Hiragana, Katakana
  [0x4e00, 0x9fff, 1.25, true], // CJK unified ideographs
  [0xac00, 0xd7af, 1.5, true], // Hangul syllables
  [0xff00, 0xffef, 1.5, true], // Half- and full-width forms
];

/** Floor for an astral code point (emoji, rare CJK): its four UTF-8 bytes. */
export const ASTRAL_FLOOR = 4;

/**
 * Token floor of one BMP character at or above U+0080 (not a surrogate). The result is negative
 * for a script's letters: `-floor`, so the hot loop gets both facts from one lookup.
 */
export function bmpCharFloor(code: number): number {
  for (const [first, last, floor, letter] of COMMON) {
    if (code < first) break;
    if (code <= last) return letter ? -floor : floor;
  }
  // Scripts and symbols outside the table: their UTF-8 length, counted as letters.
  return code < 0x800 ? -2 : -3;
}
