import { type Mapped, MappedBuilder } from './mapped.js';

/**
 * Collapses runs of horizontal whitespace to one space and runs of line breaks (with the spaces
 * around them) to one "\n". Line breaks are kept because line structure is a signal: a fake
 * "System:" turn only means something at the start of a line.
 */
// Only runs that need rewriting: 2+ whitespace characters, or one that is neither " " nor "\n".
// Each alternative is one character class repeated, so there is no backtracking blow-up.
const RUN = /\s{2,}|[^\S \n]/g;

export function collapseWhitespace(input: Mapped): Mapped {
  const text = input.text;
  const b = new MappedBuilder(text.length);
  let last = 0;
  let changed = false;
  for (const m of text.matchAll(RUN)) {
    const rep = m[0].includes('\n') ? '\n' : ' ';
    if (m[0] === rep) continue; // already a single space or a single line break
    b.copy(text, last, m.index);
    b.push(rep, m.index);
    last = m.index + m[0].length;
    changed = true;
  }
  if (!changed) return input;
  b.copy(text, last, text.length);
  return b.finish(input);
}
