import { resolveOverlaps } from '../secrets/span.js';

export type LinkKind = 'image' | 'link' | 'autolink' | 'bare' | 'html-image' | 'html-link';

export interface LinkMatch {
  readonly kind: LinkKind;
  readonly url: string;
  /** Offsets of the whole construct (`![alt](url)`, `<a …>text</a>`, …), `end` exclusive. */
  readonly start: number;
  readonly end: number;
  /** Visible text: markdown link text / image alt / anchor inner text; '' when there is none. */
  readonly text: string;
  /** True for a reference definition (`[label]: url`), which is not itself visible text. */
  readonly definition: boolean;
}

/**
 * Bounds that keep every pattern linear on attacker-controlled text and cap a match's length.
 * 2 KiB holds any URL a renderer is likely to fetch (browsers allow more, but an exfiltration URL
 * longer than that would be flagged anyway once it is cut: the tail is then "data in path/query").
 */
export const MAX_URL_CHARS = 2048;
export const MAX_LABEL_CHARS = 500;
const MAX_TITLE_CHARS = 200;
export const MAX_TAG_CHARS = 2048 + 512;

const U = MAX_URL_CHARS;
const L = MAX_LABEL_CHARS;
const T = MAX_TITLE_CHARS;

// ![alt](url "title") and [text](url "title"); `<url>` destinations allowed (CommonMark §6.3).
// The text may hold one bracketed group, so `[![img](u1)](u2)` (a linked image) is one link whose
// text is the image; each piece is bounded and starts where the previous cannot continue: linear.
const INLINE = new RegExp(
  String.raw`(!?)\[([^\[\]\n]{0,${L}}(?:\[[^\[\]\n]{0,${L}}\][^\[\]\n]{0,${L}})?)\]\(\s{0,8}(?:<([^<>\n]{1,${U}})>|([^\s()<>]{1,${U}}))(?:\s{1,8}(?:"[^"\n]{0,${T}}"|'[^'\n]{0,${T}}'))?\s{0,8}\)`,
  'g',
);
// [label]: url "title" at the start of a line (CommonMark §4.7).
const REFERENCE = new RegExp(String.raw`^ {0,3}\[([^\[\]\n]{1,${L}})\]:[ \t]{0,8}<?([^\s<>]{1,${U}})>?`, 'gm');
const AUTOLINK = new RegExp(String.raw`<((?:https?|ftp|data|javascript):[^\s<>]{1,${U}})>`, 'gi');
const BARE = new RegExp(String.raw`(?<![\w/@.-])(?:https?:\/\/|www\.)[^\s<>"'\x60]{1,${U}}`, 'gi');
const TAG_OPEN = /<(img|a)\b/gi;
const CLOSE_A = /<\/a\s{0,8}>/gi;
const ATTR = /\b(src|href)\s{0,8}=\s{0,8}(?:"([^"]{0,2048})"|'([^']{0,2048})'|([^\s"'>]{1,2048}))/i;

/** Trailing punctuation is almost always prose, not URL (GFM autolink extension rules). */
function trimBare(url: string): string {
  let u = url.replace(/[.,:;!?*_~]+$/, '');
  // Drop an unbalanced closing parenthesis: "(see https://x.org/a)".
  while (u.endsWith(')') && (u.match(/\(/g) ?? []).length < (u.match(/\)/g) ?? []).length) u = u.slice(0, -1);
  return u;
}

function indexOrInfinity(s: string, needle: string, from: number): number {
  const i = s.indexOf(needle, from);
  return i < 0 ? Infinity : i;
}

function findHtml(text: string): LinkMatch[] {
  const out: LinkMatch[] = [];
  // Cached positions of the next '>' and '</a>' (Infinity: none left), so that many tag starts
  // without a closing '>' cost one pass in total, not one pass each.
  let nextGt = -1;
  let nextClose = -1;
  let closeLen = 0;
  for (const m of text.matchAll(TAG_OPEN)) {
    const start = m.index;
    if (nextGt < start) nextGt = indexOrInfinity(text, '>', start);
    if (nextGt - start > MAX_TAG_CHARS) continue;
    const tag = text.slice(start, nextGt + 1);
    const attr = ATTR.exec(tag);
    const isImg = m[1]!.toLowerCase() === 'img';
    if (attr === null || (attr[1]!.toLowerCase() === 'src') !== isImg) continue;
    const url = attr[2] ?? attr[3] ?? attr[4] ?? '';
    if (isImg) {
      out.push({ kind: 'html-image', url, start, end: nextGt + 1, text: '', definition: false });
      continue;
    }
    // The anchor's inner text, up to </a> if it closes within the label bound.
    if (nextClose < nextGt) {
      CLOSE_A.lastIndex = nextGt;
      const c = CLOSE_A.exec(text);
      nextClose = c === null ? Infinity : c.index;
      closeLen = c?.[0].length ?? 0;
    }
    const closeOk = nextClose - (nextGt + 1) <= L;
    const end = closeOk ? nextClose + closeLen : nextGt + 1;
    const inner = closeOk ? text.slice(nextGt + 1, nextClose).replace(/<[^<>]{0,200}>/g, '') : '';
    out.push({ kind: 'html-link', url, start, end, text: inner, definition: false });
  }
  return out;
}

/**
 * Every link-like construct in `text`, disjoint and sorted. A structured form (markdown, HTML)
 * wins over a bare URL inside it. Reference definitions are reported as kind 'link' with the
 * label as text: a renderer resolves `![x][label]` through them, so they are what to judge.
 */
export function findLinks(text: string): LinkMatch[] {
  const found: (LinkMatch & { priority: number })[] = [];
  for (const m of text.matchAll(INLINE)) {
    const url = m[3] ?? m[4] ?? '';
    found.push({ kind: m[1] === '!' ? 'image' : 'link', url, start: m.index, end: m.index + m[0].length, text: m[2]!, definition: false, priority: 0 });
  }
  for (const m of text.matchAll(REFERENCE)) {
    found.push({ kind: 'link', url: m[2]!, start: m.index, end: m.index + m[0].length, text: m[1]!, definition: true, priority: 0 });
  }
  for (const l of findHtml(text)) found.push({ ...l, priority: 0 });
  for (const m of text.matchAll(AUTOLINK)) {
    found.push({ kind: 'autolink', url: m[1]!, start: m.index, end: m.index + m[0].length, text: m[1]!, definition: false, priority: 1 });
  }
  for (const m of text.matchAll(BARE)) {
    const url = trimBare(m[0]);
    found.push({ kind: 'bare', url, start: m.index, end: m.index + url.length, text: url, definition: false, priority: 2 });
  }
  return resolveOverlaps(found).map(({ priority: _p, ...l }) => l);
}
