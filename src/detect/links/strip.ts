import { replaceSpans } from '../secrets/span.js';
import { type RiskOptions, exfiltrationRisk } from './exfiltration.js';
import { type LinkMatch, findLinks } from './find.js';

export interface StripResult {
  readonly text: string;
  readonly stripped: number;
}

export const IMAGE_REMOVED = '[image removed]';
export const LINK_REMOVED = '[link removed]';

function replacement(l: LinkMatch): string {
  switch (l.kind) {
    case 'image':
    case 'html-image':
      return IMAGE_REMOVED;
    case 'link':
    case 'html-link':
      // Keep what the reader was meant to see; a definition line has nothing visible to keep.
      return l.definition || l.text.trim() === '' ? LINK_REMOVED : l.text;
    case 'autolink':
    case 'bare':
      return LINK_REMOVED;
  }
}

/**
 * Replaces risky images with "[image removed]" and risky links with their text. Passes repeat
 * (at most three) because removing an image inside a link's text (`[![x](u1)](u2)`) is what
 * makes the outer link visible to the markdown pattern.
 */
export function stripRiskyLinks(text: string, options: RiskOptions): StripResult {
  let out = text;
  let stripped = 0;
  for (let pass = 0; pass < 3; pass++) {
    const risky = findLinks(out).filter((l) => exfiltrationRisk(l.url, options).risky);
    if (risky.length === 0) break;
    out = replaceSpans(out, risky, replacement);
    stripped += risky.length;
  }
  return { text: out, stripped };
}
