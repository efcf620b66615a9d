/**
 * A string plus, for every UTF-16 unit of it, the offset in the ORIGINAL input it came from.
 *
 * Each normalization step rewrites the text; evidence found on the normalized text must still be
 * reportable as offsets into what the client sent (the audit log stores offsets, never text), so
 * every step carries the map forward instead of producing a bare string.
 */
export interface Mapped {
  readonly text: string;
  /** length = text.length + 1; offsets[i] = original index of unit i; the last entry maps the end. */
  readonly offsets: Int32Array;
}

// One shared [0, 1, 2, ...] table; identity maps are views into it (no per-call allocation).
// Offsets arrays are never written after construction, so sharing is safe.
let IDENTITY = new Int32Array(0);

export function identity(text: string): Mapped {
  if (IDENTITY.length < text.length + 1) {
    IDENTITY = new Int32Array(Math.max(text.length + 1, IDENTITY.length * 2, 4096));
    for (let i = 0; i < IDENTITY.length; i++) IDENTITY[i] = i;
  }
  return { text, offsets: IDENTITY.subarray(0, text.length + 1) };
}

// Scratch arena for offset maps. Every rewriting step of a 4 KB prompt used to allocate a fresh
// 16 KB Int32Array, which made young-generation GC pauses land in the p99 latency. Inside
// withOffsetArena() (the injection detector wraps one whole analysis in it), builders take their
// maps from one reused buffer instead; the maps are valid only until the outermost call returns,
// so nothing created inside may keep a Mapped past it. Outside, maps are ordinary allocations.
const ARENA_MAX = 1 << 22; // 16 MB: beyond that, fall back to ordinary allocation
let arena = new Int32Array(1 << 15);
let arenaPos = 0;
let arenaDepth = 0;
let arenaWanted = 0;

export function withOffsetArena<T>(fn: () => T): T {
  if (arenaDepth === 0) {
    if (arenaWanted > arena.length) arena = new Int32Array(Math.min(ARENA_MAX, arenaWanted));
    arenaPos = 0;
    arenaWanted = 0;
  }
  arenaDepth++;
  try {
    return fn();
  } finally {
    arenaDepth--;
  }
}

/** Contents are NOT zeroed: callers write every entry before reading it. */
function allocOffsets(n: number): Int32Array {
  if (arenaDepth > 0) {
    if (arenaPos + n <= arena.length) {
      const out = arena.subarray(arenaPos, arenaPos + n);
      arenaPos += n;
      return out;
    }
    // Too small this time: grow before the next analysis.
    arenaWanted = Math.max(arenaWanted, 2 * (arenaPos + n));
  }
  return new Int32Array(n);
}

/**
 * Builds the output of one step. `origin` is an index into the step's INPUT text; `finish`
 * composes it with the input's own map so the result points into the original text.
 */
export class MappedBuilder {
  private readonly parts: string[] = [];
  private origins: Int32Array;
  private length = 0;

  /** `capacity`: the expected output length (most steps shrink or keep the length). */
  constructor(capacity = 256) {
    this.origins = allocOffsets(capacity + 1);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.origins.length) return;
    let size = this.origins.length * 2;
    while (size < this.length + n) size *= 2;
    const next = allocOffsets(size);
    next.set(this.origins.subarray(0, this.length));
    this.origins = next;
  }

  /** Appends `s`; every unit of it maps to `origin` (a replacement keeps the source position). */
  push(s: string, origin: number): void {
    this.reserve(s.length);
    this.parts.push(s);
    this.origins.fill(origin, this.length, this.length + s.length);
    this.length += s.length;
  }

  /** Appends input[from, to) unchanged, one-to-one. */
  copy(input: string, from: number, to: number): void {
    if (to <= from) return;
    this.reserve(to - from);
    this.parts.push(input.slice(from, to));
    for (let k = from; k < to; k++) this.origins[this.length++] = k;
  }

  finish(input: Mapped): Mapped {
    const text = this.parts.join('');
    this.reserve(1);
    // Compose in place: origins become offsets into the original text.
    const o = this.origins;
    const src = input.offsets;
    for (let i = 0; i < text.length; i++) o[i] = src[o[i]!]!;
    o[text.length] = src[input.text.length]!;
    return { text, offsets: o.subarray(0, text.length + 1) };
  }
}

/** Maps a [start, end) span of the mapped text back to a [start, end) span of the original. */
export function toOriginalSpan(m: Mapped, start: number, end: number): { start: number; end: number } {
  const s = Math.max(0, Math.min(start, m.text.length));
  const e = Math.max(s, Math.min(end, m.text.length));
  const os = m.offsets[s]!;
  // The end is where the NEXT unit came from, so a unit decoded from several source units
  // ("%69" -> "i") covers all of them; fall back to one unit past the last covered one.
  let oe = m.offsets[e]!;
  if (e > s && oe <= m.offsets[e - 1]!) oe = m.offsets[e - 1]! + 1;
  return { start: os, end: Math.max(os, oe) };
}
