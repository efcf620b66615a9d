/**
 * A source map (`*.map`, JSON) may embed the original sources in `sourcesContent`; secrets there
 * are JSON-escaped in the file, and their offsets mean nothing to a reader. Each embedded source
 * is scanned on its own and reported as `app.js.map!<its name in "sources">` with its own lines.
 */
export interface EmbeddedSource {
  readonly name: string;
  readonly text: string;
}

export function embeddedSources(path: string, text: string): EmbeddedSource[] | undefined {
  if (!/\.map$/i.test(path) || !/^\s*\{/.test(text)) return undefined;
  let map: unknown;
  try {
    map = JSON.parse(text);
  } catch {
    return undefined; // not JSON after all: scanned as text
  }
  if (typeof map !== 'object' || map === null) return undefined;
  const { sources, sourcesContent } = map as { sources?: unknown; sourcesContent?: unknown };
  if (!Array.isArray(sourcesContent)) return undefined;
  const names = Array.isArray(sources) ? sources : [];
  const out: EmbeddedSource[] = [];
  sourcesContent.forEach((content: unknown, i) => {
    if (typeof content !== 'string') return;
    const name: unknown = names[i];
    out.push({ name: typeof name === 'string' && name !== '' ? name : `sourcesContent[${String(i)}]`, text: content });
  });
  return out;
}
