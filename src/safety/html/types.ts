export type HtmlProfileName = 'strict' | 'basic' | 'rich';

/**
 * A custom profile. Everything is checked against a fixed safe universe (see safe-universe.ts):
 * tags and attributes outside it are ignored, never passed to sanitize-html, so no option here
 * can re-enable scripts, event handlers, `style`, frames, forms, SVG or MathML.
 */
export interface SanitizeOptions {
  /** Profile to start from. Default 'strict'. */
  readonly base?: HtmlProfileName;
  /** Extra tags, added to the base profile's. */
  readonly allowTags?: readonly string[];
  /** Extra attributes per tag (`'*'` for all tags), added to the base profile's. */
  readonly allowAttributes?: Readonly<Record<string, readonly string[]>>;
  /**
   * Hosts images may load from, exact and case-insensitive (`images.example.com`), https only.
   * Images are kept only when this is non-empty AND the profile allows `img` ('rich' does).
   */
  readonly allowImageHosts?: readonly string[];
}
