import type { TextMatch } from '../types.js';

/**
 * Spans at the end of a streamed window that may still grow into something a scanner must see
 * whole: an unfinished run of token characters (a key, a JWT, an email address, a URL), an
 * unclosed markdown link or image, or an HTML tag still open. Reported as matches to the window's
 * end, they keep the release point before them until the construct is complete (or too long to
 * be one), so the hold-back window itself can stay small. They are never applied as redactions.
 */
export function openTails(window: string, maxConstructChars: number): TextMatch[] {
  const out: TextMatch[] = [];
  const hold = (start: number): void => {
    if (start >= 0 && window.length - start <= maxConstructChars) out.push({ start, end: window.length, rule: 'hold', action: 'redact', replacement: '' });
  };
  const token = /[^\s<>()[\]{}"'`]{8,}$/u.exec(window);
  if (token) hold(token.index);
  const from = Math.max(0, window.length - maxConstructChars);
  const tail = window.slice(from);
  // Markdown: "[" or "![" with no ")" after its "](", or no "]" yet.
  const bracket = tail.lastIndexOf('[');
  if (bracket !== -1) {
    const rest = tail.slice(bracket);
    const close = rest.indexOf('](');
    if ((close === -1 && !rest.includes(']')) || (close !== -1 && !rest.includes(')', close))) hold(from + (tail[bracket - 1] === '!' ? bracket - 1 : bracket));
  }
  // HTML: "<a" or "<img" whose tag (or, for links, element) is not closed yet.
  const lower = tail.toLowerCase();
  const tag = Math.max(lower.lastIndexOf('<a'), lower.lastIndexOf('<img'));
  if (tag !== -1) {
    const rest = lower.slice(tag);
    if (!rest.includes('>') || (rest.startsWith('<a') && !rest.includes('</a'))) hold(from + tag);
  }
  return out;
}
