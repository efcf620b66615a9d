import type { ScanRule } from './rules.js';

/**
 * One leaked secret. Never carries the secret itself: `masked` shows a few characters and
 * `fingerprint` is a keyed hash, so a report can be stored, uploaded or pasted safely.
 */
export interface Finding {
  readonly rule: ScanRule;
  /** Display path: relative to the working directory; `a.tar!layer.tar!etc/x` inside archives. */
  readonly path: string;
  /** 1-based; `column`/`endColumn` count UTF-16 code units, as SARIF's default column kind. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly masked: string;
  readonly fingerprint: string;
  /** Set for findings in git history (`--git`): the commit that introduced the blob. */
  readonly commit?: string;
}

export interface ScanStats {
  files: number;
  bytes: number;
  /** Files (or archive members, blobs) not scanned, by reason. */
  skippedBinary: number;
  skippedLarge: number;
  /** Files that could not be read, and archives that turned out corrupt (scanned up to there). */
  unreadable: number;
  /** Findings dropped by the allow-list. */
  allowed: number;
  gitCommits: number;
  gitBlobs: number;
  elapsedMs: number;
}

export function emptyStats(): ScanStats {
  return { files: 0, bytes: 0, skippedBinary: 0, skippedLarge: 0, unreadable: 0, allowed: 0, gitCommits: 0, gitBlobs: 0, elapsedMs: 0 };
}
