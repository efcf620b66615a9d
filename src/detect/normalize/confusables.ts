import { type Mapped, MappedBuilder } from './mapped.js';
import type { TransformLog } from './transforms.js';

/**
 * Homoglyph folding for the look-alikes used to dodge filters ("іgnоrе" with Cyrillic і/о/е).
 * A subset of Unicode's confusables.txt (UTS #39) limited to Cyrillic, Greek, Armenian and
 * Latin-extended letters that render like ASCII letters; NFKC (run before) already handles
 * fullwidth and mathematical letters.
 *
 * Folding every Cyrillic "о" would corrupt genuine Russian text (and the Russian rules), so, in the
 * spirit of UTS #39's mixed-script detection, a word is folded only when it mixes in at least one
 * ASCII letter, or when it has 4+ letters and EVERY one has an ASCII look-alike (a word spelled
 * entirely in look-alikes, like Cyrillic "сору" for "copy").
 */
const TABLE: Record<string, string> = {
  // Cyrillic lower
  'а': 'a', 'е': 'e', 'ё': 'e', 'һ': 'h', 'і': 'i', 'ї': 'i', 'ј': 'j', 'к': 'k', 'ӏ': 'l', 'м': 'm',
  'о': 'o', 'р': 'p', 'ԛ': 'q', 'с': 'c', 'ѕ': 's', 'т': 't', 'у': 'y', 'ԝ': 'w', 'х': 'x', 'ԁ': 'd',
  // Cyrillic upper
  'А': 'A', 'В': 'B', 'Е': 'E', 'Н': 'H', 'І': 'I', 'Ј': 'J', 'К': 'K', 'М': 'M', 'О': 'O', 'Р': 'P',
  'С': 'C', 'Ѕ': 'S', 'Т': 'T', 'У': 'Y', 'Х': 'X', 'Ԛ': 'Q', 'Ԝ': 'W', 'Ӏ': 'I',
  // Greek
  'α': 'a', 'β': 'b', 'γ': 'y', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'τ': 't',
  'υ': 'u', 'χ': 'x', 'ω': 'w', 'ς': 'c', 'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K',
  'Μ': 'M', 'Ν': 'N', 'Ο': 'O', 'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
  // Armenian
  'օ': 'o', 'ս': 'u', 'ց': 'g', 'հ': 'h', 'ո': 'n', 'ք': 'p',
  // Latin extended / IPA look-alikes
  'ı': 'i', 'ɑ': 'a', 'ɡ': 'g', 'ɩ': 'i', 'ʟ': 'l', 'ɴ': 'n', 'ʀ': 'r', 'ᴀ': 'a', 'ᴄ': 'c', 'ᴅ': 'd', 'ᴇ': 'e',
  'ᴏ': 'o', 'ᴘ': 'p', 'ᴛ': 't', 'ᴜ': 'u', 'ᴠ': 'v', 'ᴡ': 'w', 'ᴢ': 'z', 'ɪ': 'i', 'ʏ': 'y', 'ʜ': 'h', 'ᴋ': 'k', 'ᴍ': 'm',
  'ſ': 's', 'ƅ': 'b', 'ǀ': 'l',
};

const KEYS = Object.keys(TABLE).join('');
// All keys are BMP characters, so no /u flag (property classes under /u are much slower).
const CANDIDATE = new RegExp(`[${KEYS}]`);
// A word (Latin, Greek, Cyrillic, Armenian letters; NFKC has already composed accents) containing a look-alike.
const LETTERS = 'A-Za-z\\u00C0-\\u024F\\u0250-\\u02AF\\u0370-\\u03FF\\u0400-\\u052F\\u0530-\\u058F\\u1D00-\\u1D7F';
const WORD = new RegExp(`(?<![${LETTERS}])[${LETTERS}]*[${KEYS}][${LETTERS}]*`, 'g');
const ASCII_LETTER = /[A-Za-z]/;

export function foldConfusables(input: Mapped, log: TransformLog): Mapped {
  const text = input.text;
  if (!CANDIDATE.test(text)) return input;
  const b = new MappedBuilder(text.length);
  let last = 0;
  let changed = false;
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (!CANDIDATE.test(word)) continue;
    const mixed = ASCII_LETTER.test(word);
    let allLookAlike = true;
    // Short all-Cyrillic words ("как", "сам") are real words far more often than disguises.
    if (!mixed && word.length < 4) continue;
    if (!mixed) {
      for (const ch of word) if (TABLE[ch] === undefined) { allLookAlike = false; break; }
    }
    if (!mixed && !allLookAlike) continue;
    b.copy(text, last, m.index);
    let folded = false;
    for (let k = 0; k < word.length; k++) {
      const ch = word[k]!;
      const to = TABLE[ch];
      if (to !== undefined) folded = true;
      b.push(to ?? ch, m.index + k);
    }
    if (folded) {
      log.record('confusables', input.offsets[m.index]!, input.offsets[m.index + word.length]!);
      changed = true;
    }
    last = m.index + word.length;
  }
  if (!changed) return input;
  b.copy(text, last, text.length);
  return b.finish(input);
}
