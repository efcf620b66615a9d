import { type Mapped, MappedBuilder } from './mapped.js';

/**
 * Lower-casing. `toLowerCase` keeps the length for almost all text, in which case the offset map
 * is reused as is; the rare expanding characters take the per-character path.
 * Turkish "İ" (U+0130) becomes a plain "i", not "i" + combining dot above (what `toLowerCase`
 * gives): the dot is the ordinary dot of a Turkish "i", and rules can then match "İLK" as "ilk".
 */
const DOTTED_CAPITAL_I = /\u0130/g;

export function lowerCase(input: Mapped): Mapped {
  const lower = input.text.replace(DOTTED_CAPITAL_I, 'I').toLowerCase();
  if (lower === input.text) return input;
  if (lower.length === input.text.length) return { text: lower, offsets: input.offsets };
  const text = input.text;
  const b = new MappedBuilder(lower.length);
  for (let i = 0; i < text.length; i++) b.push(text.charCodeAt(i) === 0x130 ? 'i' : text[i]!.toLowerCase(), i);
  return b.finish(input);
}
