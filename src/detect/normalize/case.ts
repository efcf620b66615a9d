import { type Mapped, MappedBuilder } from './mapped.js';

/**
 * Lower-casing. `toLowerCase` keeps the length for almost all text, in which case the offset map
 * is reused as is; the rare expanding characters (e.g. "İ" -> "i̇") take the per-character path.
 */
export function lowerCase(input: Mapped): Mapped {
  const lower = input.text.toLowerCase();
  if (lower === input.text) return input;
  if (lower.length === input.text.length) return { text: lower, offsets: input.offsets };
  const text = input.text;
  const b = new MappedBuilder(lower.length);
  for (let i = 0; i < text.length; i++) b.push(text[i]!.toLowerCase(), i);
  return b.finish(input);
}
