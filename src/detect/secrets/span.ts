/**
 * Spans shared by the output-side detectors (secrets, PII, links): offsets are UTF-16 indices into
 * the string the detector was given, `end` exclusive. Callers must never log the matched text,
 * only the rule id and offsets (DESIGN.md: completions are not logged unless a policy opts in).
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Keeps a non-overlapping subset: earliest start wins, then the longest, then the lower
 * `priority` (the order of the rule table). Redaction needs disjoint spans, and the earliest-longest
 * choice is stable when the same text is rescanned in a larger streaming window.
 */
export function resolveOverlaps<T extends Span & { readonly priority?: number }>(spans: readonly T[]): T[] {
  const sorted = [...spans].sort(
    (a, b) => a.start - b.start || b.end - a.end || (a.priority ?? 0) - (b.priority ?? 0),
  );
  const out: T[] = [];
  let lastEnd = -1;
  for (const s of sorted) {
    if (s.start >= lastEnd) {
      out.push(s);
      lastEnd = s.end;
    }
  }
  return out;
}

/** Replaces disjoint, sorted spans with `replacement(span)`; the text between is kept as is. */
export function replaceSpans<T extends Span>(text: string, spans: readonly T[], replacement: (s: T) => string): string {
  let out = '';
  let last = 0;
  for (const s of spans) {
    out += text.slice(last, s.start) + replacement(s);
    last = s.end;
  }
  return out + text.slice(last);
}
