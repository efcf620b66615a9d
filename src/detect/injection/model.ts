import { BUCKETS, DENSE, type Features } from './features.js';

/**
 * A binary logistic regression over the hashed + dense features. Weights ship quantized to int8
 * with square-root companding (finer steps near zero, where most hashed weights are) and one
 * scale per model, stored as base64 in model.generated.ts.
 */
export interface LinearModel {
  readonly hashed: Float32Array;
  readonly dense: Float64Array;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function margin(m: LinearModel, f: Features): number {
  let z = 0;
  const w = m.hashed;
  const b = f.buckets;
  for (let i = 0; i < b.length; i++) z += w[b[i]!]!;
  z *= f.value;
  for (let k = 0; k < DENSE; k++) z += m.dense[k]! * f.dense[k]!;
  return z;
}

export interface Quantized {
  readonly base64: string;
  readonly scale: number;
}

export function quantize(weights: ArrayLike<number>): Quantized {
  let max = 0;
  for (let i = 0; i < weights.length; i++) max = Math.max(max, Math.abs(weights[i]!));
  const scale = max === 0 ? 1 : max;
  const bytes = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    bytes[i] = Math.sign(w) * Math.round(Math.sqrt(Math.abs(w) / scale) * 127);
  }
  return { base64: Buffer.from(bytes.buffer).toString('base64'), scale };
}

export function dequantize(q: Quantized): Float32Array {
  const raw = Buffer.from(q.base64, 'base64');
  const bytes = new Int8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  if (bytes.length !== BUCKETS) throw new Error(`model has ${bytes.length} buckets, expected ${BUCKETS}`);
  const out = new Float32Array(BUCKETS);
  for (let i = 0; i < bytes.length; i++) {
    const r = bytes[i]! / 127;
    out[i] = Math.sign(r) * r * r * q.scale;
  }
  return out;
}

/** The linear heads, in this order: one per category. */
export const HEAD_NAMES = ['injection', 'jailbreak'] as const;
export const HEADS = HEAD_NAMES.length;

/**
 * Both heads with their hashed weights interleaved (injection, jailbreak, injection, ...), so the
 * random bucket reads of one text touch one cache line per bucket instead of two.
 */
export interface HeadsModel {
  readonly hashed: Float32Array;
  readonly dense: readonly Float64Array[];
}

export function interleave(models: readonly LinearModel[]): HeadsModel {
  if (models.length !== HEADS) throw new Error(`expected ${HEADS} heads, got ${models.length}`);
  const hashed = new Float32Array(HEADS * BUCKETS);
  for (let h = 0; h < HEADS; h++) {
    const w = models[h]!.hashed;
    for (let i = 0; i < BUCKETS; i++) hashed[HEADS * i + h] = w[i]!;
  }
  return { hashed, dense: models.map((m) => m.dense) };
}

/** Every head's margin (log-odds) in one pass over the buckets, written to `out` (HEADS long). */
export function headMargins(m: HeadsModel, f: Features, out: Float64Array): Float64Array {
  let z0 = 0;
  let z1 = 0;
  const w = m.hashed;
  const b = f.buckets;
  for (let i = 0; i < b.length; i++) {
    const k = b[i]! << 1; // HEADS === 2
    z0 += w[k]!;
    z1 += w[k + 1]!;
  }
  out[0] = z0 * f.value;
  out[1] = z1 * f.value;
  for (let h = 0; h < HEADS; h++) {
    const d = m.dense[h]!;
    let z = 0;
    for (let k = 0; k < DENSE; k++) z += d[k]! * f.dense[k]!;
    out[h]! += z;
  }
  return out;
}
