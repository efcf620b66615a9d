/**
 * Trains the injection/jailbreak classifier and writes src/detect/injection/model.generated.ts.
 *
 *   npm run train:injection [-- --data ../shared/data/injection/dev.jsonl]
 *
 * - Rows held back by isHeldBack() (~25%) are never read past the split: no training, no
 *   threshold tuning. scripts/eval-injection.ts reports on them.
 * - Thresholds are picked from 5-fold cross-validation scores on the training part, to meet the
 *   false-positive targets with a margin (see TARGETS).
 * - Two stages: linear models over hashed n-grams and dense features, then boosted trees
 *   (src/detect/injection/boost.ts) that correct their margins. The trees learn from out-of-fold
 *   margins, and the cross-validation is nested for them, so no fold is scored by trees that saw it.
 * - Deterministic: fixed fold assignment, seeded shuffles, no clock or randomness elsewhere, so a
 *   rerun reproduces the generated file byte for byte.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, type Analysis } from '../src/detect/injection/analyze.js';
import { BUCKETS, DENSE, DENSE_NAMES } from '../src/detect/injection/features.js';
import { isHeldBack } from '../src/detect/injection/holdout.js';
import { forestMargin, stackInput, STACK_INPUTS, STACK_NAMES, type Forest } from '../src/detect/injection/boost.js';
import { dequantize, HEAD_NAMES, HEADS, margin, quantize, sigmoid, type LinearModel } from '../src/detect/injection/model.js';
import { STRONG_FLOOR, MAX_THRESHOLD } from '../src/detect/injection/scoring.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = resolve(ROOT, 'src/detect/injection/model.generated.ts');

/**
 * CV targets, stricter than the acceptance targets (1% benign, 5% NotInject) to leave a margin.
 * The chat-corpus limit stands in for test/fixtures/ordinary-prompts.jsonl, which must stay at 0
 * of 146 blocked: at 1% about 1.5 fixture prompts are expected to be blocked, at 0.3% (2 of the 675
 * chat rows) about 0.4. The fixture itself is never read here.
 */
const TARGETS = { benign: 0.0075, notInject: 0.035, chat: 0.003 };
const HYPER = {
  epochs: Number(process.env.EPOCHS ?? 8),
  lr: Number(process.env.LR ?? 0.2),
  l2: Number(process.env.L2 ?? 1e-4),
  benignWeight: Number(process.env.BENIGN_WEIGHT ?? 5),
  // The synthetic chat rows are many, short and alike: at full benign weight they dominate the
  // length and bias features (CV recall dropped by several points), so they count less.
  chatWeight: Number(process.env.CHAT_WEIGHT ?? 1),
  folds: 5,
  seed: 20261203,
};
/** Second stage (boost.ts): gradient-boosted trees on the linear margins and dense features. */
const BOOST = {
  rounds: Number(process.env.BOOST_ROUNDS ?? 100),
  depth: Number(process.env.BOOST_DEPTH ?? 3),
  lr: Number(process.env.BOOST_LR ?? 0.1),
  lambda: 1,
  minHessian: 2,
};

interface Row {
  readonly text: string;
  readonly label: 'injection' | 'jailbreak' | 'benign';
  readonly source: string;
}
type Group = 'injection' | 'jailbreak' | 'notinject' | 'benign' | 'chat';

/** Source of the synthetic benign chat corpus (see docs/detection.md, "Benign chat augmentation"). */
const CHAT_SOURCE = 'portcullis:scripts/data/benign-chat.jsonl';

export function groupOf(r: Row): Group {
  if (r.label !== 'benign') return r.label;
  if (r.source === CHAT_SOURCE) return 'chat';
  return r.source.includes('NotInject') ? 'notinject' : 'benign';
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

/** mulberry32: small, seedable, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n: readonly number[], seed: number): number[] {
  const a = [...n];
  const r = rng(seed);
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Logistic regression by AdaGrad SGD with L2, one pass per epoch in a seeded order. */
function train(data: readonly Analysis[], y: readonly number[], weight: readonly number[], idx: readonly number[], seed: number): LinearModel {
  const w = new Float64Array(BUCKETS);
  const g2 = new Float64Array(BUCKETS);
  const d = new Float64Array(DENSE);
  const dg2 = new Float64Array(DENSE);
  const eps = 1e-8;
  for (let epoch = 0; epoch < HYPER.epochs; epoch++) {
    for (const i of shuffled(idx, seed + epoch)) {
      const f = data[i]!.features;
      let z = 0;
      for (let k = 0; k < f.buckets.length; k++) z += w[f.buckets[k]!]!;
      z *= f.value;
      for (let k = 0; k < DENSE; k++) z += d[k]! * f.dense[k]!;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - y[i]!) * weight[i]!;
      for (let k = 0; k < f.buckets.length; k++) {
        const b = f.buckets[k]!;
        const grad = g * f.value + HYPER.l2 * w[b]!;
        g2[b]! += grad * grad;
        w[b]! -= (HYPER.lr * grad) / Math.sqrt(g2[b]! + eps);
      }
      for (let k = 0; k < DENSE; k++) {
        const grad = g * f.dense[k]! + HYPER.l2 * d[k]!;
        dg2[k]! += grad * grad;
        d[k]! -= (HYPER.lr * grad) / Math.sqrt(dg2[k]! + eps);
      }
    }
  }
  return { hashed: Float32Array.from(w), dense: d };
}

/** What ships: the quantized hashed weights (dense weights stay float). */
function roundTrip(m: LinearModel): LinearModel {
  return { hashed: dequantize(quantize(m.hashed)), dense: m.dense };
}

interface Scored {
  readonly inj: number;
  readonly jb: number;
}

/** One linear model per head (HEAD_NAMES order). */
type Stage1 = readonly LinearModel[];

interface Stage2 {
  readonly inj: Forest;
  readonly jb: Forest;
}

/** A head's training target: labels and per-row weights. */
interface HeadTarget {
  readonly y: readonly number[];
  readonly weight: readonly number[];
}

/** Every head's linear margin for one row. */
function margins(a: Analysis, m: Stage1): number[] {
  return m.map((h) => margin(h, a.features));
}

function floorStrong(a: Analysis, zi: number, zj: number): Scored {
  const pi = sigmoid(zi);
  const pj = sigmoid(zj);
  return { inj: a.strong.injection ? Math.max(pi, STRONG_FLOOR) : pi, jb: a.strong.jailbreak ? Math.max(pj, STRONG_FLOOR) : pj };
}

/** Exactly what detectInjection computes: linear margin + tree correction, then the strong-rule floor. */
function finalScores(a: Analysis, m: Stage1, t: Stage2): Scored {
  const z = margins(a, m);
  const x = stackInput(z, a.features);
  return floorStrong(a, z[0]! + forestMargin(t.inj, x), z[1]! + forestMargin(t.jb, x));
}

/**
 * Gradient-boosted regression trees (logistic loss, second-order leaf values, L2 on leaves),
 * grown level by level to BOOST.depth, starting from each row's base margin. Exact splits over
 * the pre-sorted inputs: the data is a few thousand rows of STACK_INPUTS numbers.
 */
function trainForest(X: readonly Float64Array[], y: readonly number[], w: readonly number[], base: readonly number[]): Forest {
  const n = X.length;
  const order: Int32Array[] = [];
  for (let f = 0; f < STACK_INPUTS; f++) order.push(Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => X[a]![f]! - X[b]![f]! || a - b));
  const z = Float64Array.from(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const at = new Int32Array(n); // node of each row in the tree being grown
  const roots: number[] = [];
  const feature: number[] = [], threshold: number[] = [], left: number[] = [], right: number[] = [], value: number[] = [];
  const addNode = (): number => {
    feature.push(-1); threshold.push(0); left.push(-1); right.push(-1); value.push(0);
    return feature.length - 1;
  };
  for (let round = 0; round < BOOST.rounds; round++) {
    for (let i = 0; i < n; i++) {
      const p = sigmoid(z[i]!);
      g[i] = (p - y[i]!) * w[i]!;
      h[i] = Math.max(1e-6, p * (1 - p)) * w[i]!;
    }
    const root = addNode();
    roots.push(root);
    at.fill(root);
    let frontier = [root];
    for (let depth = 0; depth <= BOOST.depth && frontier.length > 0; depth++) {
      const slot = new Map(frontier.map((k, j) => [k, j]));
      const G = new Float64Array(frontier.length);
      const Hs = new Float64Array(frontier.length);
      for (let i = 0; i < n; i++) {
        const j = slot.get(at[i]!);
        if (j !== undefined) { G[j]! += g[i]!; Hs[j]! += h[i]!; }
      }
      const leafValue = (j: number): number => (-G[j]! / (Hs[j]! + BOOST.lambda)) * BOOST.lr;
      if (depth === BOOST.depth) {
        frontier.forEach((k, j) => { value[k] = leafValue(j); });
        break;
      }
      const best = frontier.map(() => ({ gain: 1e-9, feature: -1, threshold: 0 }));
      const GL = new Float64Array(frontier.length);
      const HL = new Float64Array(frontier.length);
      const last = new Float64Array(frontier.length);
      for (let f = 0; f < STACK_INPUTS; f++) {
        GL.fill(0); HL.fill(0); last.fill(NaN);
        const idx = order[f]!;
        for (let a = 0; a < n; a++) {
          const i = idx[a]!;
          const j = slot.get(at[i]!);
          if (j === undefined) continue;
          const v = X[i]![f]!;
          if (v > last[j]!) {
            const gl = GL[j]!, hl = HL[j]!, gr = G[j]! - gl, hr = Hs[j]! - hl;
            if (hl >= BOOST.minHessian && hr >= BOOST.minHessian) {
              const gain = (gl * gl) / (hl + BOOST.lambda) + (gr * gr) / (hr + BOOST.lambda) - (G[j]! * G[j]!) / (Hs[j]! + BOOST.lambda);
              if (gain > best[j]!.gain) best[j] = { gain, feature: f, threshold: (last[j]! + v) / 2 };
            }
          }
          GL[j]! += g[i]!; HL[j]! += h[i]!; last[j] = v;
        }
      }
      const next: number[] = [];
      frontier.forEach((k, j) => {
        const b = best[j]!;
        if (b.feature < 0) { value[k] = leafValue(j); return; }
        feature[k] = b.feature;
        threshold[k] = b.threshold;
        left[k] = addNode();
        right[k] = addNode();
        next.push(left[k], right[k]);
      });
      for (let i = 0; i < n; i++) {
        const k = at[i]!;
        if (feature[k]! >= 0) at[i] = X[i]![feature[k]!]! <= threshold[k]! ? left[k]! : right[k]!;
      }
      frontier = next;
    }
    for (let i = 0; i < n; i++) z[i]! += value[at[i]!]!;
  }
  return {
    roots: Int32Array.from(roots), feature: Int32Array.from(feature), threshold: Float64Array.from(threshold),
    left: Int32Array.from(left), right: Int32Array.from(right), value: Float64Array.from(value),
  };
}

/** Trees for both categories from out-of-fold margins of the rows in idx. */
function trainStage2(data: readonly Analysis[], yInj: readonly number[], yJb: readonly number[], weight: readonly number[], idx: readonly number[], oofMargins: ReadonlyMap<number, readonly number[]>): Stage2 {
  const X = idx.map((i) => stackInput(oofMargins.get(i)!, data[i]!.features));
  const w = idx.map((i) => weight[i]!);
  return {
    inj: trainForest(X, idx.map((i) => yInj[i]!), w, idx.map((i) => oofMargins.get(i)![0]!)),
    jb: trainForest(X, idx.map((i) => yJb[i]!), w, idx.map((i) => oofMargins.get(i)![1]!)),
  };
}

function candidates(values: readonly number[]): number[] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const out = new Set<number>();
  for (let q = 0; q <= 400; q++) out.add(sorted[Math.min(sorted.length - 1, Math.floor((q / 400) * sorted.length))]!);
  return [...out].filter((t) => t > 0 && t <= MAX_THRESHOLD).sort((a, b) => a - b);
}

interface Choice {
  injection: number;
  jailbreak: number;
  recall: number;
  fpBenign: number;
  fpNotInject: number;
  fpChat: number;
}

function pickThresholds(scores: readonly Scored[], groups: readonly Group[]): Choice {
  const ci = candidates(scores.map((s) => s.inj));
  const cj = candidates(scores.map((s) => s.jb));
  const count = (g: Group): number => groups.filter((x) => x === g).length;
  const nPos = count('injection') + count('jailbreak');
  const nBen = count('benign');
  const nNi = count('notinject');
  const nChat = Math.max(1, count('chat'));
  let best: Choice | null = null;
  for (const ti of ci) {
    for (const tj of cj) {
      let tp = 0, fpB = 0, fpN = 0, fpC = 0;
      for (let i = 0; i < scores.length; i++) {
        const flagged = scores[i]!.inj >= ti || scores[i]!.jb >= tj;
        if (!flagged) continue;
        const g = groups[i]!;
        if (g === 'benign') fpB++;
        else if (g === 'notinject') fpN++;
        else if (g === 'chat') fpC++;
        else tp++;
      }
      const c = { injection: ti, jailbreak: tj, recall: tp / nPos, fpBenign: fpB / nBen, fpNotInject: fpN / nNi, fpChat: fpC / nChat };
      if (c.fpBenign > TARGETS.benign || c.fpNotInject > TARGETS.notInject || c.fpChat > TARGETS.chat) continue;
      // Highest recall; among equals, the fewest false positives, then the higher thresholds.
      if (best === null || c.recall > best.recall ||
        (c.recall === best.recall && c.fpBenign + c.fpNotInject < best.fpBenign + best.fpNotInject) ||
        (c.recall === best.recall && c.fpBenign + c.fpNotInject === best.fpBenign + best.fpNotInject && ti + tj > best.injection + best.jailbreak)) {
        best = c;
      }
    }
  }
  if (best === null) throw new Error('no threshold pair meets the CV false-positive targets');
  return best;
}

function fmt(x: number): string {
  return (100 * x).toFixed(2) + '%';
}

function main(): void {
  const dataPath = resolve(ROOT, arg('--data', '../shared/data/injection/dev.jsonl'));
  const raw = readFileSync(dataPath);
  const sha = createHash('sha256').update(raw).digest('hex');
  const all = raw.toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);
  // The synthetic chat corpus is not part of dev.jsonl, so it is never in the held-back part: it is
  // appended to the training rows (and takes part in the CV folds and the CV false-positive limit).
  const augPath = resolve(ROOT, arg('--augment', 'scripts/data/benign-chat.jsonl'));
  const augRaw = readFileSync(augPath);
  const augSha = createHash('sha256').update(augRaw).digest('hex');
  const aug = augRaw.toString('utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Row);
  for (const r of aug) if (groupOf(r) !== 'chat') throw new Error(`augmentation row is not benign ${CHAT_SOURCE}: ${JSON.stringify(r.text)}`);
  const devTrain = all.filter((r) => !isHeldBack(r.text));
  const rows = [...devTrain, ...aug];
  console.log(`data ${relative(ROOT, dataPath)} sha256 ${sha}: ${all.length} rows, training part ${devTrain.length} (held back ${all.length - devTrain.length}); augmentation ${relative(ROOT, augPath)} sha256 ${augSha}: ${aug.length} rows`);

  const t0 = performance.now();
  // Features hold a view into a scratch buffer reused by the next call: keep a copy per row.
  const data = rows.map((r): Analysis => {
    const a = analyze(r.text);
    return { ...a, features: { ...a.features, buckets: a.features.buckets.slice() } };
  });
  console.log(`analysed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const groups = rows.map(groupOf);
  const yInj = rows.map((r) => (r.label === 'injection' ? 1 : 0));
  const yJb = rows.map((r) => (r.label === 'jailbreak' ? 1 : 0));
  const weight = rows.map((r) => (groupOf(r) === 'chat' ? HYPER.chatWeight : r.label === 'benign' ? HYPER.benignWeight : 1));

  const targets: readonly HeadTarget[] = [
    { y: yInj, weight },
    { y: yJb, weight },
  ];
  if (targets.length !== HEADS) throw new Error('one training target per head');
  const stage1 = (idx: readonly number[], seed: number): Stage1 => targets.map((t, h) => roundTrip(train(data, t.y, t.weight, idx, seed + 50 * h)));
  /** Out-of-fold linear margins for the rows in idx (k folds by position in idx). */
  const oofMarginsOf = (idx: readonly number[], seed: number): Map<number, number[]> => {
    const out = new Map<number, number[]>();
    for (let fold = 0; fold < HYPER.folds; fold++) {
      const m = stage1(idx.filter((_, j) => j % HYPER.folds !== fold), seed + fold * 10);
      idx.forEach((i, j) => { if (j % HYPER.folds === fold) out.set(i, margins(data[i]!, m)); });
    }
    return out;
  };

  // Cross-validation: fold = index mod k (file order interleaves sources, so folds are mixed).
  // Nested for the trees: inside each outer fold's training rows, an inner k-fold gives the
  // out-of-fold margins the trees learn from; the held-out fold is scored by the linear models
  // trained on all of the outer training rows plus those trees, as at run time.
  const oof: Scored[] = new Array<Scored>(rows.length);
  const oofLinear: Scored[] = new Array<Scored>(rows.length);
  const outerMargins = new Map<number, number[]>();
  for (let fold = 0; fold < HYPER.folds; fold++) {
    const trainIdx = rows.map((_, i) => i).filter((i) => i % HYPER.folds !== fold);
    const m = stage1(trainIdx, HYPER.seed + fold * 100);
    const t = trainStage2(data, yInj, yJb, weight, trainIdx, oofMarginsOf(trainIdx, HYPER.seed + fold * 100 + 7));
    for (let i = fold; i < rows.length; i += HYPER.folds) {
      oof[i] = finalScores(data[i]!, m, t);
      const z = margins(data[i]!, m);
      outerMargins.set(i, z);
      oofLinear[i] = floorStrong(data[i]!, z[0]!, z[1]!);
    }
  }
  const linearChoice = pickThresholds(oofLinear, groups);
  console.log(`CV, linear models alone: recall ${fmt(linearChoice.recall)} (FP benign ${fmt(linearChoice.fpBenign)}, NotInject ${fmt(linearChoice.fpNotInject)}, chat ${fmt(linearChoice.fpChat)})`);
  const choice = pickThresholds(oof, groups);
  console.log(`CV thresholds injection=${choice.injection} jailbreak=${choice.jailbreak}: recall ${fmt(choice.recall)}, FP benign ${fmt(choice.fpBenign)}, FP NotInject ${fmt(choice.fpNotInject)}, FP chat augmentation ${fmt(choice.fpChat)}`);

  // Per-source CV detail at the chosen thresholds (training part only; still not the held-back part).
  const bySource = new Map<string, { n: number; flagged: number }>();
  rows.forEach((r, i) => {
    const jbb = /^JailbreakBench\/artifacts:attack-artifacts\/([^/]+)\/[^/]+\/(.+)$/.exec(r.source);
    const key = `${r.label} ${jbb ? `JailbreakBench:${jbb[1]!}/${jbb[2]!}` : r.source.replace(/:.*\//, ':')}`;
    const e = bySource.get(key) ?? { n: 0, flagged: 0 };
    e.n++;
    if (oof[i]!.inj >= choice.injection || oof[i]!.jb >= choice.jailbreak) e.flagged++;
    bySource.set(key, e);
  });
  for (const [k, e] of [...bySource].sort()) console.log(`  cv ${k}: ${e.flagged}/${e.n}`);
  if (process.env.SHOW_MISSES !== undefined) {
    rows.forEach((r, i) => {
      const flagged = oof[i]!.inj >= choice.injection || oof[i]!.jb >= choice.jailbreak;
      if (flagged !== (r.label !== 'benign')) console.log(`  ${flagged ? 'FP' : 'FN'} ${r.label} ${oof[i]!.inj.toFixed(3)} ${oof[i]!.jb.toFixed(3)} ${JSON.stringify(r.text.slice(0, 160))}`);
    });
  }

  const allIdx = rows.map((_, i) => i);
  const heads = targets.map((t, h) => train(data, t.y, t.weight, allIdx, HYPER.seed + 50 * h));
  const trees = trainStage2(data, yInj, yJb, weight, allIdx, outerMargins);
  const forest = (f: Forest): string => {
    const nodes: string[] = [];
    for (let k = 0; k < f.feature.length; k++) {
      nodes.push(f.feature[k]! < 0 ? `-1, 0, -1, -1, ${Number(f.value[k]!.toPrecision(9))}` : `${f.feature[k]!}, ${Number(f.threshold[k]!.toPrecision(12))}, ${f.left[k]!}, ${f.right[k]!}, 0`);
    }
    return `{\n  roots: [${Array.from(f.roots).join(', ')}],\n  nodes: [\n    ${nodes.join(',\n    ')},\n  ],\n}`;
  };
  const dense = (m: LinearModel): string => `[${Array.from(m.dense, (x) => Number(x.toPrecision(9))).join(', ')}]`;
  const file = `// GENERATED by scripts/train-injection.ts (npm run train:injection). Do not edit by hand.
// Data: ${relative(ROOT, dataPath)} sha256 ${sha}
// Trained on the ${devTrain.length} rows NOT held back by src/detect/injection/holdout.ts (held-back rows: ${all.length - devTrain.length})
// plus ${aug.length} synthetic benign chat rows: ${relative(ROOT, augPath)} sha256 ${augSha}.
// Hyper-parameters: ${JSON.stringify(HYPER)}; trees ${JSON.stringify(BOOST)}
// 5-fold CV on the training part at these thresholds: recall ${fmt(choice.recall)}, FP benign ${fmt(choice.fpBenign)}, FP NotInject ${fmt(choice.fpNotInject)}, FP chat augmentation ${fmt(choice.fpChat)}
// (linear models alone, thresholds chosen the same way: recall ${fmt(linearChoice.recall)}).

export const MODEL_INFO = {
  dataSha256: '${sha}',
  trainRows: ${devTrain.length},
  augmentSha256: '${augSha}',
  augmentRows: ${aug.length},
  buckets: ${BUCKETS},
  denseNames: ${JSON.stringify(DENSE_NAMES)},
  stackNames: ${JSON.stringify(STACK_NAMES)},
} as const;

// Explicit types (not \`as const\`) keep the base64 strings out of the emitted .d.ts.
export interface GeneratedWeights {
  readonly scale: number;
  readonly dense: readonly number[];
  readonly base64: string;
}

/** Node arrays of boost.ts's GeneratedForest (feature, threshold, left, right, value per node). */
export interface GeneratedTrees {
  readonly roots: readonly number[];
  readonly nodes: readonly number[];
}

export const TRAINED_THRESHOLDS: { readonly injection: number; readonly jailbreak: number } = { injection: ${choice.injection}, jailbreak: ${choice.jailbreak} };

/** One entry per head, in HEAD_NAMES order: ${JSON.stringify(HEAD_NAMES)}. */
export const HEAD_WEIGHTS: readonly GeneratedWeights[] = [
${heads.map((m, h) => { const q = quantize(m.hashed); return `  // ${HEAD_NAMES[h]!}\n  {\n    scale: ${q.scale},\n    dense: ${dense(m)},\n    base64: '${q.base64}',\n  },\n`; }).join('')}];

export const INJECTION_TREES: GeneratedTrees = ${forest(trees.inj)};

export const JAILBREAK_TREES: GeneratedTrees = ${forest(trees.jb)};
`;
  writeFileSync(OUT, file);
  console.log(`wrote ${relative(ROOT, OUT)} (${(file.length / 1024).toFixed(0)} KB) in ${((performance.now() - t0) / 1000).toFixed(1)} s total`);
}

main();
