/**
 * The only tags and attributes any profile or custom option can ever produce. Kept as an
 * allow-list (not a deny-list of script/style/iframe/…) because the HTML spec keeps growing
 * ways to run code (event handler attributes, `srcdoc`, `formaction`, SVG `<animate>`, MathML
 * `href`), and a new one must fail closed. OWASP XSS Prevention Cheat Sheet, rule 6.
 */
export const SAFE_TAGS: ReadonlySet<string> = new Set([
  'b', 'i', 'em', 'strong', 'code', 'pre', 'p', 'br', 'ul', 'ol', 'li', 'blockquote',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  'a', 'img', 'hr', 'del', 'ins', 's', 'u', 'sub', 'sup', 'mark', 'small', 'span', 'div',
  'dl', 'dt', 'dd', 'abbr', 'cite', 'q', 'kbd', 'samp', 'var', 'figure', 'figcaption',
]);

/** Attributes that are inert: no URLs except a/href and img/src, which get their own checks. */
export const SAFE_ATTRIBUTES: Readonly<Record<string, ReadonlySet<string>>> = {
  '*': new Set(['title', 'lang', 'dir']),
  a: new Set(['href']),
  img: new Set(['src', 'alt', 'width', 'height']),
  th: new Set(['colspan', 'rowspan', 'scope']),
  td: new Set(['colspan', 'rowspan']),
  ol: new Set(['start', 'reversed']),
  abbr: new Set(['title']),
};

export const BASIC_TAGS: readonly string[] = ['b', 'i', 'em', 'strong', 'code', 'pre', 'p', 'br', 'ul', 'ol', 'li', 'blockquote'];

export const RICH_TAGS: readonly string[] = [
  ...BASIC_TAGS,
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'a', 'img',
];

export const RICH_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href'],
  img: ['src', 'alt', 'width', 'height'],
  th: ['colspan', 'rowspan'],
  td: ['colspan', 'rowspan'],
};

/** Forced on every link: no window.opener, no referrer leak, no SEO credit for model output. */
export const LINK_REL = 'noopener noreferrer nofollow';
