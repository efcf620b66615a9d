import { normalize, toOriginalSpan, type Normalized } from '../../normalize/index.js';
import { decodeBase64 } from './base64.js';
import { decodeConcat } from './concat.js';
import { decodeHex } from './hex.js';
import { decodeReversed } from './reverse.js';
import { decodeRot13 } from './rot13.js';
import type { Decoder, LayerKind } from './types.js';

export type { LayerKind } from './types.js';

/** A decoded payload, normalized, with the span of the ORIGINAL text it was decoded from. */
export interface Layer {
  /** Decoders applied from the outside in, e.g. "base64" or "base64>rot13". */
  readonly chain: string;
  readonly start: number;
  readonly end: number;
  readonly depth: number;
  readonly normalized: Normalized;
}

export interface DecodeLimits {
  /** Nesting bound: 2 = a payload inside a payload, no deeper. */
  readonly maxDepth: number;
  /** Total decoded characters across all layers. */
  readonly maxChars: number;
  readonly maxLayers: number;
}

export const DEFAULT_DECODE_LIMITS: DecodeLimits = { maxDepth: 2, maxChars: 64 * 1024, maxLayers: 16 };

// Case-sensitive encodings read the light (case-preserving) view; letter games read the folded one.
const ON_LIGHT: readonly (readonly [LayerKind, Decoder])[] = [['base64', decodeBase64], ['hex', decodeHex], ['concat', decodeConcat]];
const ON_FOLDED: readonly (readonly [LayerKind, Decoder])[] = [['rot13', decodeRot13], ['reversed', decodeReversed]];

interface Pending {
  readonly n: Normalized;
  readonly chain: string;
  readonly depth: number;
  /** Original span for nested layers (their own offsets point into decoded text, not the input). */
  readonly span: { start: number; end: number } | null;
}

export function decodeLayers(root: Normalized, limits: DecodeLimits = DEFAULT_DECODE_LIMITS): Layer[] {
  const layers: Layer[] = [];
  let budget = limits.maxChars;
  const queue: Pending[] = [{ n: root, chain: '', depth: 0, span: null }];

  const emit = (kind: LayerKind, text: string, span: { start: number; end: number }, parent: Pending): boolean => {
    if (layers.length >= limits.maxLayers || budget <= 0) return false;
    const clipped = text.length > budget ? text.slice(0, budget) : text;
    budget -= clipped.length;
    const chain = parent.chain === '' ? kind : `${parent.chain}>${kind}`;
    const layer: Layer = { chain, start: span.start, end: span.end, depth: parent.depth + 1, normalized: normalize(clipped) };
    layers.push(layer);
    if (layer.depth < limits.maxDepth) queue.push({ n: layer.normalized, chain, depth: layer.depth, span });
    return true;
  };

  // Invisible-character payloads found by the normalizer are layers too.
  for (const h of root.hidden) {
    const t = root.transforms.find((x) => x.kind === h.kind);
    const span = t ? { start: t.start, end: t.end } : { start: 0, end: root.light.text.length };
    if (!emit(h.kind, h.text, span, queue[0]!)) return layers;
  }

  for (let q = 0; q < queue.length; q++) {
    const p = queue[q]!;
    const last = p.chain.split('>').pop();
    for (const [view, decoders] of [[p.n.light, ON_LIGHT], [p.n.folded, ON_FOLDED]] as const) {
      for (const [kind, decode] of decoders) {
        // ROT13 twice or reversing twice gives back the text we already scanned.
        if ((kind === 'rot13' || kind === 'reversed') && last === kind) continue;
        for (const c of decode(view.text, budget)) {
          const span = p.span ?? toOriginalSpan(view, c.start, c.end);
          if (!emit(kind, c.text, span, p)) return layers;
        }
      }
    }
  }
  return layers;
}
