import type { TextDelta, TextMatch, TextScanner } from '../pipeline/types.js';

/** What the caller may write now: released items, each with its deltas' new texts. */
export interface Release<T> {
  readonly type: 'release';
  readonly items: readonly { readonly payload: T; readonly texts: readonly string[] | undefined }[];
}

export interface Blocked {
  readonly type: 'blocked';
  readonly scanner: TextScanner;
  readonly rule: string;
}

/** Text that must wait beyond the hold-back before a window is scanned again (a few tokens). */
const RELEASE_BATCH_CHARS = 24;

type StagedMatch = TextMatch & { readonly scanner: TextScanner };

interface Item<T> {
  readonly payload: T;
  readonly deltas: readonly { readonly key: string; readonly start: number; readonly end: number }[];
}

interface Channel {
  readonly channel: TextDelta['channel'];
  pending: string;
  /** The end of the released original text, shown to scanners as look-behind context. */
  context: string;
  /** Absolute offset of pending[0] in everything this channel received. */
  base: number;
  /** The rewritten text released so far (what the client was sent). */
  sent: string;
}

/** A redaction made, or a logged match released, for the audit. */
export interface RedactionRecord {
  readonly scanner: TextScanner;
  readonly rule: string;
  readonly action: 'redact' | 'log';
}

/**
 * Holds back the newest text of a response until the scanners have seen enough of what follows,
 * so a secret or a leaked prompt split across stream chunks is caught before any part of it
 * reaches the client. Items (stream events, or a whole body) leave in arrival order; an item
 * leaves once every delta in it lies before its channel's release point; its texts are given
 * back rewritten when a scanner redacted part of them. Reasoning text is never rewritten
 * (providers sign it), only scanned.
 */
export class OutputBuffer<T> {
  readonly #scanners: readonly TextScanner[];
  readonly #holdBack: number;
  readonly #contextChars: number;
  readonly #channels = new Map<string, Channel>();
  #queue: Item<T>[] = [];
  readonly redactions: RedactionRecord[] = [];

  constructor(scanners: readonly TextScanner[], maxHoldBackChars: number) {
    this.#scanners = scanners;
    this.#holdBack = Math.min(maxHoldBackChars, Math.max(0, ...scanners.map((s) => s.holdBackChars)));
    this.#contextChars = Math.max(0, ...scanners.map((s) => s.contextChars ?? 0));
  }

  get active(): boolean {
    return this.#scanners.length > 0;
  }

  /** The text sent so far for a channel (`content:0`), after redaction. */
  sent(channel: TextDelta['channel'], index: number): string | undefined {
    return this.#channels.get(`${channel}:${String(index)}`)?.sent;
  }

  /** Adds an item; returns what may be written now, or the block. */
  push(payload: T, deltas: readonly TextDelta[]): Release<T> | Blocked {
    const spans = deltas.map((delta) => {
      const key = `${delta.channel}:${String(delta.index)}`;
      let channel = this.#channels.get(key);
      if (!channel) {
        channel = { channel: delta.channel, pending: '', context: '', base: 0, sent: '' };
        this.#channels.set(key, channel);
      }
      const start = channel.base + channel.pending.length;
      channel.pending += delta.text;
      return { key, start, end: start + delta.text.length };
    });
    this.#queue.push({ payload, deltas: spans });
    return this.#release(false);
  }

  /** Everything left, scanned as final (the upstream finished, or a channel ended). */
  flush(): Release<T> | Blocked {
    return this.#release(true);
  }

  #release(final: boolean): Release<T> | Blocked {
    const limits = new Map<string, { point: number; readonly matches: readonly StagedMatch[] }>();
    for (const [key, channel] of this.#channels) {
      // Scanning costs the same for a window whatever arrived last; scan (and release) only once
      // enough text waits beyond the hold-back, rather than for every one-token delta.
      if (!final && channel.pending.length - this.#holdBack < RELEASE_BATCH_CHARS) {
        limits.set(key, { point: channel.base, matches: [] });
        continue;
      }
      const matches: StagedMatch[] = [];
      // Scanners see some already-released text in front of the window (rules that look behind
      // a match, like an AWS secret near its key id); matches are kept only where they reach into
      // the unreleased text, clipped to it.
      for (const scanner of this.#scanners) {
        // Each scanner sees only as much released text as it asked for.
        const before = scanner.contextChars ? channel.context.slice(-scanner.contextChars) : '';
        const window = before + channel.pending;
        for (const found of scanner.scan(window, final, channel.channel)) {
          if (found.end <= before.length) continue;
          const match = { ...found, start: Math.max(0, found.start - before.length), end: found.end - before.length, scanner };
          if (match.action === 'block') return { type: 'blocked', scanner, rule: match.rule };
          matches.push(match);
        }
      }
      matches.sort((a, b) => a.start - b.start);
      let point = final ? channel.pending.length : Math.max(0, channel.pending.length - this.#holdBack);
      // Never release a match in halves: move the release point back to the start of one it splits.
      for (const match of matches) if (match.action === 'redact' && match.start < point && match.end > point) point = match.start;
      limits.set(key, { point: channel.base + point, matches });
    }

    // Items leave whole, so a channel's text is released up to an item boundary, which may fall
    // inside a match the release point did not split. Pull the point back before such a match
    // and look again, until no match straddles what is released (points only ever decrease).
    let releasable = this.#releasableCount(limits);
    for (;;) {
      let moved = false;
      const ends = this.#releasedEnds(releasable);
      for (const [key, limit] of limits) {
        const end = ends.get(key);
        if (end === undefined) continue;
        const base = this.#channels.get(key)!.base;
        for (const match of limit.matches) {
          if (match.action === 'redact' && base + match.start < end && base + match.end > end) {
            limit.point = Math.min(limit.point, base + match.start);
            moved = true;
          }
        }
      }
      if (!moved) break;
      releasable = this.#releasableCount(limits);
    }

    const items: { payload: T; texts: string[] | undefined }[] = [];
    const consumed = new Map<string, number>();
    let released = 0;
    for (const item of this.#queue.slice(0, releasable)) {
      const originals: string[] = [];
      const texts = item.deltas.map((d) => {
        const channel = this.#channels.get(d.key)!;
        const original = channel.pending.slice(d.start - channel.base, d.end - channel.base);
        originals.push(original);
        const rewritten = channel.channel === 'reasoning' ? original : this.#rewrite(channel, d.start, d.end, limits.get(d.key)!.matches);
        channel.sent += rewritten;
        consumed.set(d.key, d.end);
        return rewritten;
      });
      const changed = texts.some((text, i) => text !== originals[i]);
      items.push({ payload: item.payload, texts: changed ? texts : undefined });
      released++;
    }
    this.#queue = this.#queue.slice(released);
    for (const [key, end] of consumed) {
      const channel = this.#channels.get(key)!;
      const released = channel.pending.slice(0, end - channel.base);
      channel.context = this.#contextChars > 0 ? (channel.context + released).slice(-this.#contextChars) : '';
      channel.pending = channel.pending.slice(end - channel.base);
      channel.base = end;
    }
    return { type: 'release', items };
  }

  /** How many items at the head of the queue lie wholly before their channels' release points. */
  #releasableCount(limits: ReadonlyMap<string, { point: number }>): number {
    let count = 0;
    for (const item of this.#queue) {
      if (item.deltas.some((d) => d.end > (limits.get(d.key)?.point ?? 0))) break;
      count++;
    }
    return count;
  }

  /** Per channel, the end of the last delta among the first `count` items. */
  #releasedEnds(count: number): Map<string, number> {
    const ends = new Map<string, number>();
    for (const item of this.#queue.slice(0, count)) for (const d of item.deltas) ends.set(d.key, d.end);
    return ends;
  }

  /** The delta [start, end) with redactions applied: a match's replacement goes where it starts. */
  #rewrite(channel: Channel, start: number, end: number, matches: readonly StagedMatch[]): string {
    let out = '';
    let at = start;
    for (const match of matches) {
      const mStart = channel.base + match.start;
      const mEnd = channel.base + match.end;
      if (match.action === 'log') {
        if (mStart >= start && mStart < end && match.rule !== 'hold') this.redactions.push({ scanner: match.scanner, rule: match.rule, action: 'log' });
        continue;
      }
      if (mEnd <= at || mStart >= end) continue;
      if (mStart > at) out += channel.pending.slice(at - channel.base, mStart - channel.base);
      if (mStart >= start) {
        out += match.replacement;
        this.redactions.push({ scanner: match.scanner, rule: match.rule, action: 'redact' });
      }
      at = Math.max(at, Math.min(mEnd, end));
    }
    if (at < end) out += channel.pending.slice(at - channel.base, end - channel.base);
    return out;
  }
}
