import type { Span } from './span.js';

/**
 * A reference model of how the streaming output guard must call a detector, used by the tests of
 * every output detector (secrets, PII, links). Text arrives in chunks; the newest `holdBack`
 * characters are never released, so a match no longer than `holdBack` is always seen whole before
 * any of it leaves. A match straddling the release point holds the release back to its start.
 * Up to `context` already-released characters are kept in front of the window for rules that
 * look at their surroundings.
 */
export interface Replacement extends Span {
  readonly replacement: string;
}

export interface StreamOptions {
  readonly holdBack: number;
  readonly context?: number;
  /** Adaptive hold-back: index in the window from which text is held (overrides holdBack). */
  readonly holdFrom?: (window: string) => number;
}

export function simulateStream(
  chunks: Iterable<string>,
  scan: (window: string) => readonly Replacement[],
  options: StreamOptions,
): string {
  const context = options.context ?? 0;
  let released = '';
  let tail = '';
  let pending = '';
  const step = (final: boolean): void => {
    const off = tail.length;
    const matches = scan(tail + pending)
      .filter((m) => m.end > off)
      .map((m) => ({ start: Math.max(0, m.start - off), end: m.end - off, replacement: m.replacement }));
    const window = tail + pending;
    let cut = final
      ? pending.length
      : options.holdFrom === undefined
        ? pending.length - options.holdBack
        : options.holdFrom(window) - off;
    if (cut <= 0) return;
    for (const m of matches) if (m.start < cut && m.end > cut) cut = m.start;
    let out = '';
    let last = 0;
    for (const m of matches) {
      if (m.end > cut) break;
      out += pending.slice(last, m.start) + m.replacement;
      last = m.end;
    }
    out += pending.slice(last, cut);
    released += out;
    tail = context === 0 ? '' : (tail + pending.slice(0, cut)).slice(-context);
    pending = pending.slice(cut);
  };
  for (const chunk of chunks) {
    pending += chunk;
    step(false);
  }
  step(true);
  return released;
}

/** Chunks for the tests: `text` cut at each of `cuts` (sorted, in range). */
export function splitAt(text: string, cuts: readonly number[]): string[] {
  const out: string[] = [];
  let last = 0;
  for (const c of cuts) {
    out.push(text.slice(last, c));
    last = c;
  }
  out.push(text.slice(last));
  return out;
}
