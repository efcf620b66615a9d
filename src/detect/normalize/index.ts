/**
 * Text normalization shared by the injection detector and the application filters.
 *
 * Two views are produced because the consumers need different things:
 * - `light` keeps case and punctuation (hidden characters removed, NFKC applied); the payload
 *   decoders need it because base64 and hex are case-sensitive.
 * - `text` is fully folded for matching: percent-decoded, homoglyphs folded, lower-cased, leet
 *   folded, spaced letters joined, whitespace collapsed.
 * Both carry offset maps into the ORIGINAL input, so evidence is reported as original offsets.
 */
import { type Mapped, identity } from './mapped.js';
import { extractTags } from './tags.js';
import { extractVariationBytes } from './variation-selectors.js';
import { removeInvisible } from './invisible.js';
import { nfkc } from './nfkc.js';
import { percentDecode } from './percent.js';
import { foldConfusables } from './confusables.js';
import { lowerCase } from './case.js';
import { foldLeet } from './leet.js';
import { joinSpacedLetters } from './spacing.js';
import { collapseWhitespace } from './whitespace.js';
import { type Transform, TransformLog } from './transforms.js';

export type { Mapped } from './mapped.js';
export { toOriginalSpan, withOffsetArena } from './mapped.js';
export type { Transform, TransformKind } from './transforms.js';

export interface HiddenPayload {
  readonly kind: 'tags' | 'variation-selectors';
  readonly text: string;
}

export interface Normalized {
  /** Case-preserving view: hidden characters removed, NFKC. */
  readonly light: Mapped;
  /** Fully folded view used for matching and features. */
  readonly folded: Mapped;
  /** Text smuggled in invisible characters, to be scanned as separate layers. */
  readonly hidden: readonly HiddenPayload[];
  /** Regions of the original text that a de-obfuscation step rewrote (capped list). */
  readonly transforms: readonly Transform[];
  /** Total number of rewrites, including those beyond the capped list. */
  readonly transformCount: number;
}

export function normalize(text: string): Normalized {
  const log = new TransformLog();
  const hidden: HiddenPayload[] = [];
  let m = identity(text);
  const tags = extractTags(m, log);
  if (tags.hidden !== '') hidden.push({ kind: 'tags', text: tags.hidden });
  const vs = extractVariationBytes(tags.mapped, log);
  if (vs.hidden !== '') hidden.push({ kind: 'variation-selectors', text: vs.hidden });
  m = nfkc(removeInvisible(vs.mapped, log), log);
  const light = m;
  m = percentDecode(m, log);
  m = foldConfusables(m, log);
  m = lowerCase(m);
  m = foldLeet(m, log);
  m = joinSpacedLetters(m, log);
  m = collapseWhitespace(m);
  return { light, folded: m, hidden, transforms: log.items, transformCount: log.count };
}

/** The folded text only, for callers that match terms and need no offsets (e.g. tests). */
export function foldText(text: string): string {
  return normalize(text).folded.text;
}
