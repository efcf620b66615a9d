import { sanitizeHtml } from './sanitize.js';
import type { HtmlProfileName } from './types.js';

/**
 * HTML sanitizing span by span, for text that arrives in pieces (a streamed model response).
 *
 * `sanitizeHtml` needs a whole document; a stream has only a window of it. Here the window is
 * cut the way a browser's tokenizer cuts it — tags (with the HTML attribute-value quoting rules,
 * so a `>` inside a quoted value does not end the tag), end tags, comments, declarations — and
 * each construct that is not already safe is reported with its safe replacement: a tag the
 * profile allows is re-serialized by `sanitizeHtml` (attributes and URLs cleaned), any other tag
 * is removed (its text content stays, like sanitize-html's `discard` mode), and elements whose
 * content is code or hidden markup (`<script>`, `<style>`, `<iframe>`, `<svg>`, …) are removed with
 * their content. A construct still being written is reported by `openHtmlConstruct` so the
 * stream holds it until it is complete.
 */

/** Longest construct (a tag, a comment, a `<script>` element) held whole while it is written. */
export const HTML_MAX_CONSTRUCT_CHARS = 4_096;

/** Elements dropped with everything up to their end tag: their content is code or foreign markup. */
const DROP_WITH_CONTENT: ReadonlySet<string> = new Set([
  'script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript',
  'template', 'object', 'svg', 'math', 'select', 'option', 'frameset', 'applet',
]);

/** Text placed after a tag so sanitize-html's output shows where the tag it kept ends. */
const PROBE_TEXT = 'pcl0probe0text';

/** Everything after `<plaintext>` is raw text for a browser: removed to the end. */
const TO_END = 'plaintext';

export interface HtmlStreamOptions {
  /** Hosts images may load from (https), for profiles that allow `<img>`. */
  readonly allowImageHosts?: readonly string[];
  /** The window is the end of the text: constructs still open are removed, not waited for. */
  readonly final?: boolean;
}

export interface HtmlSpan {
  readonly start: number;
  readonly end: number;
  /** `html:tag:NAME`, `html:attributes:NAME`, `html:element:NAME`, `html:comment`, `html:declaration`, `html:unterminated`. */
  readonly rule: string;
  readonly replacement: string;
}

type Construct =
  | { readonly type: 'tag'; readonly start: number; readonly end: number; readonly name: string; readonly closing: boolean }
  | { readonly type: 'comment' | 'declaration'; readonly start: number; readonly end: number }
  | { readonly type: 'open'; readonly start: number };

/** The constructs that make `window` unsafe to render under `profile`, with safe replacements. */
export function findUnsafeHtml(window: string, profile: HtmlProfileName, options: HtmlStreamOptions = {}): HtmlSpan[] {
  if (!window.includes('<')) return [];
  const out: HtmlSpan[] = [];
  const sanitizeOptions = { base: profile, allowImageHosts: options.allowImageHosts ?? [] };
  // Output repeats the same few tags (`<b>`, `</li>`): each distinct one is sanitized once.
  const memo = new Map<string, string>();
  let at = 0;
  for (;;) {
    const found = nextConstruct(window, at);
    if (!found) return out;
    if (found.type === 'open') {
      // Still being written: wait for it, unless the text is over or it is too long to be held.
      if (options.final || window.length - found.start > HTML_MAX_CONSTRUCT_CHARS) {
        out.push({ start: found.start, end: window.length, rule: 'html:unterminated', replacement: '' });
      }
      return out;
    }
    at = found.end;
    if (found.type !== 'tag') {
      out.push({ start: found.start, end: found.end, rule: `html:${found.type}`, replacement: '' });
      continue;
    }
    const { name } = found;
    if (!found.closing && name === TO_END) {
      out.push({ start: found.start, end: window.length, rule: `html:element:${name}`, replacement: '' });
      return out;
    }
    if (!found.closing && DROP_WITH_CONTENT.has(name)) {
      const close = endTagAfter(window, found.end, name);
      if (close === -1) {
        if (options.final || window.length - found.start > HTML_MAX_CONSTRUCT_CHARS) {
          out.push({ start: found.start, end: window.length, rule: `html:element:${name}`, replacement: '' });
        } else {
          // The element is still open: report nothing past it, so openHtmlConstruct holds it.
          return out;
        }
        return out;
      }
      out.push({ start: found.start, end: close, rule: `html:element:${name}`, replacement: '' });
      at = close;
      continue;
    }
    const original = window.slice(found.start, found.end);
    let safe = memo.get(original);
    if (safe === undefined) {
      safe = safeTag(original, name, found.closing, sanitizeOptions);
      memo.set(original, safe);
    }
    if (safe !== original) {
      out.push({ start: found.start, end: found.end, rule: `html:${safe === '' ? 'tag' : 'attributes'}:${name}`, replacement: safe });
    }
  }
}

/**
 * Where the first construct still being written begins — an unfinished tag, comment or
 * declaration, a `<` at the very end, or an element like `<script>` whose end tag has not arrived —
 * or -1 when the window ends outside any.
 */
export function openHtmlConstruct(window: string): number {
  if (!window.includes('<')) return -1;
  let at = 0;
  for (;;) {
    const found = nextConstruct(window, at);
    if (!found) return -1;
    if (found.type === 'open') return found.start;
    if (found.type === 'tag' && !found.closing) {
      if (found.name === TO_END) return -1;
      if (DROP_WITH_CONTENT.has(found.name)) {
        const close = endTagAfter(window, found.end, found.name);
        if (close === -1) return found.start;
        at = close;
        continue;
      }
    }
    at = found.end;
  }
}

/** The safe form of one tag: re-serialized by sanitize-html when the profile keeps it, else ''. */
function safeTag(original: string, name: string, closing: boolean, options: { base: HtmlProfileName; allowImageHosts: readonly string[] }): string {
  if (closing) {
    // An end tag carries nothing but its name; it survives exactly when its start tag would.
    const probe = sanitizeHtml(`<${name}>${PROBE_TEXT}</${name}>`, options);
    return probe.endsWith(`</${name}>`) ? `</${name}>` : '';
  }
  const clean = sanitizeHtml(`${original}${PROBE_TEXT}`, options);
  // sanitize-html closes what it opened; keep only the start tag it produced, before the text.
  const textAt = clean.lastIndexOf(PROBE_TEXT);
  return textAt <= 0 ? '' : clean.slice(0, textAt);
}

/** The next tag, comment or declaration at or after `from`, as a browser's tokenizer would cut it. */
function nextConstruct(text: string, from: number): Construct | undefined {
  let i = text.indexOf('<', from);
  while (i !== -1) {
    const next = text[i + 1];
    if (next === undefined) return { type: 'open', start: i };
    if (next === '!') {
      if (text.startsWith('<!--', i)) return comment(text, i);
      // `<!` or `<!-` at the very end may still become a comment.
      if ('<!--'.startsWith(text.slice(i))) return { type: 'open', start: i };
      return declaration(text, i);
    }
    if (next === '?') return declaration(text, i);
    if (next === '/') {
      const after = text[i + 2];
      if (after === undefined) return { type: 'open', start: i };
      if (isAsciiLetter(after)) return tag(text, i, true);
      // `</>` is dropped by browsers; `</3` and friends are bogus comments up to `>`.
      return declaration(text, i);
    }
    if (isAsciiLetter(next)) return tag(text, i, false);
    // A `<` not followed by a letter, `/`, `!` or `?` is text.
    i = text.indexOf('<', i + 1);
  }
  return undefined;
}

function comment(text: string, start: number): Construct {
  // `<!-->` and `<!--->` close at once; otherwise `-->` (or `--!>`) ends it.
  if (text.startsWith('<!-->', start)) return { type: 'comment', start, end: start + 5 };
  if (text.startsWith('<!--->', start)) return { type: 'comment', start, end: start + 6 };
  const ends = [text.indexOf('-->', start + 4), text.indexOf('--!>', start + 4)].filter((e) => e !== -1);
  if (ends.length === 0) return { type: 'open', start };
  const end = Math.min(...ends);
  return { type: 'comment', start, end: end + (text.startsWith('-->', end) ? 3 : 4) };
}

function declaration(text: string, start: number): Construct {
  const end = text.indexOf('>', start + 1);
  return end === -1 ? { type: 'open', start } : { type: 'declaration', start, end: end + 1 };
}

/**
 * A start or end tag, following the HTML tokenizer's attribute states: a quote opens a quoted
 * value only right after `=` (and whitespace), so `>` inside `"…"` or `'…'` does not end the tag,
 * while a stray quote elsewhere is just a character.
 */
function tag(text: string, start: number, closing: boolean): Construct {
  let i = start + (closing ? 2 : 1);
  const nameStart = i;
  while (i < text.length && !isSpace(text[i]!) && text[i] !== '/' && text[i] !== '>') i++;
  const name = text.slice(nameStart, i).toLowerCase();
  let afterEquals = false;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '>') return { type: 'tag', start, end: i + 1, name, closing };
    if (afterEquals && (c === '"' || c === "'")) {
      const close = text.indexOf(c, i + 1);
      if (close === -1) return { type: 'open', start };
      i = close + 1;
      afterEquals = false;
      continue;
    }
    if (c === '=') afterEquals = true;
    else if (!isSpace(c)) afterEquals = false;
    i++;
  }
  return { type: 'open', start };
}

/** The index just past the end tag `</name…>` after `from`, or -1 if it has not arrived. */
function endTagAfter(text: string, from: number, name: string): number {
  const lower = text.toLowerCase();
  let at = lower.indexOf(`</${name}`, from);
  while (at !== -1) {
    const after = lower[at + 2 + name.length];
    if (after === undefined) return -1;
    if (after === '>' || after === '/' || isSpace(after)) {
      const end = lower.indexOf('>', at);
      return end === -1 ? -1 : end + 1;
    }
    at = lower.indexOf(`</${name}`, at + 1);
  }
  return -1;
}

function isAsciiLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';
}
