/**
 * Readability tests for letter games. Instead of transforming the whole text and counting English
 * function words in the result, we count the TRANSFORMED function words in the text as it is
 * ("gur" is ROT13 "the", "eht" is "the" reversed): one regex scan, no allocation per word. Only
 * lines that contain such words are then transformed and scanned.
 */
const WORDS = ['the', 'and', 'you', 'your', 'is', 'are', 'this', 'that', 'with', 'for', 'not', 'all', 'what', 'now',
  'ignore', 'previous', 'instructions', 'prompt', 'system', 'reveal', 'password', 'say', 'print'];

function rot13Word(w: string): string {
  return w.replace(/[a-z]/g, (c) => String.fromCharCode(((c.charCodeAt(0) - 97 + 13) % 26) + 97));
}

function reversedWord(w: string): string {
  return Array.from(w).reverse().join('');
}

// Words whose transform is itself a common word in some language are left out ("si", "era", "ton").
const COMMON = new Set(['si', 'era', 'ton', 'won', 'won', 'em', 'ym', 'lla', 'ssap', 'yas']);
const build = (f: (w: string) => string): RegExp =>
  new RegExp(`\\b(?:${WORDS.map(f).filter((w) => !COMMON.has(w)).join('|')})\\b`, 'g');

export const ROT13_MARKERS = build(rot13Word);
export const REVERSED_MARKERS = build(reversedWord);

/** Lines (with their offsets) that contain at least one marker; total marker count. */
export function markedLines(text: string, markers: RegExp, maxLines = 64): { count: number; lines: [number, number][] } {
  const lines: [number, number][] = [];
  let count = 0;
  let lastLineStart = -1;
  for (const m of text.matchAll(markers)) {
    count++;
    const start = text.lastIndexOf('\n', m.index) + 1;
    if (start === lastLineStart || lines.length >= maxLines) continue;
    let end = text.indexOf('\n', m.index);
    if (end < 0) end = text.length;
    lines.push([start, end]);
    lastLineStart = start;
  }
  return { count, lines };
}
