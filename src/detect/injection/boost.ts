import { DENSE, DENSE_NAMES, type Features } from './features.js';
import { HEAD_NAMES, HEADS } from './model.js';

/**
 * Second stage of the classifier: small gradient-boosted regression trees that correct each
 * linear model's margin. Their input is both linear margins plus the dense features, so they can
 * express what a linear model cannot ("high jailbreak margin AND a short text", "harm words AND a
 * gibberish tail AND few lines"). Each category's score is
 *
 *   sigmoid(linear margin + sum of its trees' leaf values)
 *
 * The trees are trained by scripts/train-injection.ts on out-of-fold linear margins (the margins a
 * linear model gives rows it was not trained on), so they learn how far to trust the margin.
 */

/** Names of the trees' inputs, in order. */
export const STACK_NAMES: readonly string[] = [...HEAD_NAMES.map((h) => `margin:${h}`), ...DENSE_NAMES];
export const STACK_INPUTS = STACK_NAMES.length;

/**
 * Trees as flat node arrays. Node k: `feature[k]` is the input index it splits on, or -1 for a
 * leaf; an inner node sends x to `left[k]` when x[feature] <= `threshold[k]`, else to `right[k]`;
 * a leaf's `value[k]` is added to the margin. `roots` holds each tree's root node.
 */
export interface Forest {
  readonly roots: Int32Array;
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

/** The generated form: 5 numbers per node (feature, threshold, left, right, value), roots apart. */
export interface GeneratedForest {
  readonly roots: readonly number[];
  readonly nodes: readonly number[];
}

export function forestFrom(g: GeneratedForest): Forest {
  const n = g.nodes.length / 5;
  if (!Number.isInteger(n)) throw new Error('forest node array is not a multiple of 5');
  const feature = new Int32Array(n);
  const threshold = new Float64Array(n);
  const left = new Int32Array(n);
  const right = new Int32Array(n);
  const value = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    feature[k] = g.nodes[5 * k]!;
    threshold[k] = g.nodes[5 * k + 1]!;
    left[k] = g.nodes[5 * k + 2]!;
    right[k] = g.nodes[5 * k + 3]!;
    value[k] = g.nodes[5 * k + 4]!;
    if (feature[k]! >= STACK_INPUTS || (feature[k]! >= 0 && (left[k]! <= k || right[k]! <= k || left[k]! >= n || right[k]! >= n))) {
      throw new Error(`forest node ${k} is malformed`);
    }
  }
  return { roots: Int32Array.from(g.roots), feature, threshold, left, right, value };
}

export function forestMargin(f: Forest, x: ArrayLike<number>): number {
  let z = 0;
  for (let t = 0; t < f.roots.length; t++) {
    let k = f.roots[t]!;
    while (f.feature[k]! >= 0) k = x[f.feature[k]!]! <= f.threshold[k]! ? f.left[k]! : f.right[k]!;
    z += f.value[k]!;
  }
  return z;
}

/** The trees' input vector: every head's linear margin, then the dense features. `out` is reused. */
export function stackInput(margins: ArrayLike<number>, features: Features, out: Float64Array = new Float64Array(STACK_INPUTS)): Float64Array {
  for (let h = 0; h < HEADS; h++) out[h] = margins[h]!;
  for (let k = 0; k < DENSE; k++) out[HEADS + k] = features.dense[k]!;
  return out;
}
