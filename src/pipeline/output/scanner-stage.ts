import type { ErrorCode } from '../../errors.js';
import { PASS, type GuardFinding, type OutputStage, type RequestContext, type TextMatch, type TextScanner } from '../types.js';
import { openTails } from './hold.js';
import { OUTPUT_CONTEXT_CHARS } from './secrets-hold.js';

/** Longest construct the open-tail rules hold whole (a long URL, a JWT). */
const MAX_HELD_CONSTRUCT_CHARS = 4_096;

export interface ScannerStageSpec {
  readonly name: string;
  readonly kind: GuardFinding['kind'];
  readonly blockCode: ErrorCode;
  /** The policy's action for this request, or undefined when the stage does not apply. */
  action(ctx: RequestContext): 'redact' | 'block' | 'log' | undefined;
  /** The spans this check finds in a window, with what each is replaced by when redacted. */
  find(ctx: RequestContext, window: string, final: boolean): readonly { start: number; end: number; rule: string; replacement: string }[];
  /** Trailing characters to hold back; OUTPUT_CONTEXT_CHARS when absent. */
  readonly holdBackChars?: number;
  /** Already-released text to show the scanner in front of the window. */
  readonly contextChars?: number;
  /** Extra holds beyond the open tails (e.g. an unfinished private key block). */
  hold?(window: string): readonly TextMatch[];
}

/**
 * An output stage made of a text scanner: the matches `find` reports become redactions, a block,
 * or log-only findings, per the policy's action; while streaming, unfinished constructs at the end
 * of the window are held so nothing is released in halves.
 */
export function createScannerStage(spec: ScannerStageSpec): OutputStage {
  return {
    name: spec.name,
    open(ctx) {
      const action = spec.action(ctx);
      if (!action) return undefined;
      const scanner: TextScanner = {
        stage: spec.name,
        kind: spec.kind,
        blockCode: spec.blockCode,
        holdBackChars: spec.holdBackChars ?? OUTPUT_CONTEXT_CHARS,
        contextChars: spec.contextChars ?? 0,
        scan(window, final) {
          const found: TextMatch[] = spec.find(ctx, window, final).map((m) => ({ ...m, action }));
          if (final || action === 'log') return found;
          return [...found, ...openTails(window, MAX_HELD_CONSTRUCT_CHARS), ...(spec.hold?.(window) ?? [])];
        },
      };
      return { onText: () => PASS, onEnd: () => PASS, scanner };
    },
  };
}
