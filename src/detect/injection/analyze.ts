import { normalize, toOriginalSpan, withOffsetArena, type Normalized, type TransformKind } from '../normalize/index.js';
import { decodeLayers } from './decode/index.js';
import type { Evidence } from './evidence.js';
import { extractFeatures, type Features } from './features.js';
import { FAMILY_CATEGORY, scanRules, type RuleHit } from './rules/index.js';

/**
 * The model-independent half of detection: cap, normalize, decode, run the rules, extract
 * features. The training script runs exactly this once per row, so training and run time agree.
 */

/** Analysed part of an input: the first and last CAP_HALF characters (documented in docs/detection.md). */
export const CAP_HALF = 16 * 1024;
const MAX_EVIDENCE = 32;

// Obfuscation steps that ordinary text rarely needs (NFKC is excluded: CJK punctuation and
// ligatures trigger it in everyday text).
const SUSPICIOUS: ReadonlySet<TransformKind> = new Set(['tags', 'variation-selectors', 'invisible', 'confusables', 'leet', 'spacing', 'percent']);

export interface Analysis {
  readonly features: Features;
  /** Rule evidence (phrase, structure, decoded, obfuscation), original offsets, capped. */
  readonly evidence: readonly Evidence[];
  /** A strong rule fired, on the text or in a decoded layer, for that category. */
  readonly strong: { readonly injection: boolean; readonly jailbreak: boolean };
}

interface Capped {
  readonly text: string;
  /** Maps an offset in the capped text back to the input. */
  readonly toInput: (offset: number) => number;
}

/** The analysed part of a text: all of it, or its first and last CAP_HALF characters joined by a line break. */
export function capText(text: string): string {
  return text.length <= 2 * CAP_HALF ? text : text.slice(0, CAP_HALF) + '\n' + text.slice(text.length - CAP_HALF);
}

function cap(text: string): Capped {
  if (text.length <= 2 * CAP_HALF) return { text, toInput: (o) => o };
  const tailStart = text.length - CAP_HALF;
  return {
    text: capText(text),
    toInput: (o) => (o <= CAP_HALF ? o : tailStart + (o - CAP_HALF - 1)),
  };
}

export function analyze(input: string): Analysis {
  // Offset maps live in a reused arena for the duration of one analysis (fewer GC pauses); the
  // result holds only numbers and features, no Mapped, so nothing outlives the arena.
  return withOffsetArena(() => analyzeInArena(input));
}

function analyzeInArena(input: string): Analysis {
  const capped = cap(input);
  const n: Normalized = normalize(capped.text);
  const hits = scanRules(n.folded.text);
  const evidence: Evidence[] = [];
  const allHits: RuleHit[] = [...hits];
  const push = (e: Evidence): void => {
    if (evidence.length < MAX_EVIDENCE) evidence.push(e);
  };

  for (const h of hits) {
    const span = toOriginalSpan(n.folded, h.start, h.end);
    const start = capped.toInput(span.start);
    const end = capped.toInput(span.end);
    push({ kind: h.rule.kind, rule: h.rule.id, start, end });
    // A transform inside the matched phrase means the phrase was disguised.
    for (const t of n.transforms) {
      if (SUSPICIOUS.has(t.kind) && t.start < span.end && t.end > span.start) {
        push({ kind: 'obfuscation', rule: `obfuscation.${t.kind}`, start: capped.toInput(t.start), end: capped.toInput(t.end) });
      }
    }
  }

  for (const layer of decodeLayers(n)) {
    for (const h of scanRules(layer.normalized.folded.text)) {
      allHits.push(h);
      push({ kind: 'decoded', rule: h.rule.id, layer: layer.chain, start: capped.toInput(layer.start), end: capped.toInput(layer.end) });
    }
  }

  let obfuscations = 0;
  for (const t of n.transforms) if (SUSPICIOUS.has(t.kind)) obfuscations++;
  let strongInjection = false;
  let strongJailbreak = false;
  for (const h of allHits) {
    if (!h.rule.strong) continue;
    if (FAMILY_CATEGORY[h.rule.family] === 'injection') strongInjection = true;
    else strongJailbreak = true;
  }
  return {
    features: extractFeatures(n.folded.text, n.light.text, allHits, obfuscations),
    evidence,
    strong: { injection: strongInjection, jailbreak: strongJailbreak },
  };
}
