import sanitize from 'sanitize-html';
import { isRecord } from '../verdict.js';
import { BASIC_TAGS, LINK_REL, RICH_ATTRIBUTES, RICH_TAGS, SAFE_ATTRIBUTES, SAFE_TAGS } from './safe-universe.js';
import type { HtmlProfileName, SanitizeOptions } from './types.js';

/** Deeper nesting is flattened: bounds the work a hostile document can cause downstream. */
const NESTING_LIMIT = 100;
const SAFE_LINK = /^(?:https:\/\/|mailto:)/iu;

interface Resolved {
  readonly tags: Set<string>;
  readonly attributes: Map<string, Set<string>>;
  readonly imageHosts: Set<string>;
}

/**
 * Makes model output safe to insert into an HTML page as element content (OWASP LLM05).
 * Never throws: input that is not a string yields '', and an internal failure yields the input
 * with every HTML-significant character escaped.
 */
export function sanitizeHtml(html: string, profile: HtmlProfileName | SanitizeOptions): string {
  if (typeof html !== 'string') return '';
  try {
    const resolved = resolve(profile);
    const clean = sanitize(html, toSanitizeHtmlOptions(resolved));
    // With no tags there are no attributes, so quotes in the output are text: escaping them too
    // makes text-only output safe inside a quoted attribute value as well as element content.
    return resolved.tags.size === 0 ? clean.replace(/["']/gu, (c) => (c === '"' ? '&quot;' : '&#39;')) : clean;
  } catch {
    return escapeText(html);
  }
}

function resolve(profile: HtmlProfileName | SanitizeOptions): Resolved {
  const options: SanitizeOptions = typeof profile === 'string' ? { base: profile } : isRecord(profile) ? profile : {};
  const base = options.base ?? 'strict';
  const tags = new Set<string>(base === 'rich' ? RICH_TAGS : base === 'basic' ? BASIC_TAGS : []);
  const attributes = new Map<string, Set<string>>();
  if (base === 'rich') for (const [tag, names] of Object.entries(RICH_ATTRIBUTES)) attributes.set(tag, new Set(names));

  for (const tag of stringsOf(options.allowTags)) {
    if (SAFE_TAGS.has(tag.toLowerCase())) tags.add(tag.toLowerCase());
  }
  if (isRecord(options.allowAttributes)) {
    for (const [rawTag, names] of Object.entries(options.allowAttributes)) {
      const tag = rawTag.toLowerCase();
      const universe = new Set([...(SAFE_ATTRIBUTES['*'] ?? []), ...(SAFE_ATTRIBUTES[tag] ?? [])]);
      for (const name of stringsOf(names)) {
        if (!universe.has(name.toLowerCase())) continue;
        const set = attributes.get(tag) ?? new Set<string>();
        set.add(name.toLowerCase());
        attributes.set(tag, set);
      }
    }
  }
  const imageHosts = new Set(stringsOf(options.allowImageHosts).map((h) => h.toLowerCase()));
  // No host list, no images: an <img> fetches on render, which can exfiltrate data in its URL
  // (the "markdown image" leak from indirect prompt injection).
  if (imageHosts.size === 0) tags.delete('img');
  return { tags, attributes, imageHosts };
}

function toSanitizeHtmlOptions(resolved: Resolved): sanitize.IOptions {
  const allowedAttributes: Record<string, string[]> = {};
  for (const [tag, names] of resolved.attributes) allowedAttributes[tag] = [...names];
  if (resolved.tags.has('a')) allowedAttributes.a = [...(allowedAttributes.a ?? []), 'rel'];
  return {
    allowedTags: [...resolved.tags],
    allowedAttributes,
    allowedSchemes: ['https', 'mailto'],
    allowedSchemesByTag: { img: ['https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    allowVulnerableTags: false,
    disallowedTagsMode: 'discard',
    enforceHtmlBoundary: false,
    parseStyleAttributes: false,
    nestingLimit: NESTING_LIMIT,
    transformTags: { a: transformLink },
    exclusiveFilter: (frame) => frame.tag === 'img' && !imageAllowed(frame.attribs.src, resolved.imageHosts),
  };
}

/** Relative links are dropped too: `/admin/delete?id=1` in model output is a click-jacking aid. */
function transformLink(tagName: string, attribs: sanitize.Attributes): sanitize.Tag {
  const next: sanitize.Attributes = {};
  for (const [name, value] of Object.entries(attribs)) {
    if (name === 'target' || name === 'rel') continue;
    if (name === 'href' && !SAFE_LINK.test(value.trim())) continue;
    next[name] = value;
  }
  next.rel = LINK_REL;
  return { tagName, attribs: next };
}

function imageAllowed(src: string | undefined, hosts: ReadonlySet<string>): boolean {
  if (src === undefined || !URL.canParse(src)) return false;
  const url = new URL(src);
  return url.protocol === 'https:' && url.username === '' && url.password === '' && hosts.has(url.hostname.toLowerCase());
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function escapeText(text: string): string {
  return text.replace(/[&<>"']/gu, (c) => `&#${c.charCodeAt(0)};`);
}
