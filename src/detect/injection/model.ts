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

export function probability(m: LinearModel, f: Features): number {
  return sigmoid(margin(m, f));
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

/**
 * Both models with their hashed weights interleaved (injection, jailbreak, injection, ...), so
 * the random bucket reads of one text touch one cache line per bucket instead of two.
 */
export interface PairModel {
  readonly hashed: Float32Array;
  readonly injection: Float64Array;
  readonly jailbreak: Float64Array;
}

export function pair(injection: LinearModel, jailbreak: LinearModel): PairModel {
  const hashed = new Float32Array(2 * BUCKETS);
  for (let i = 0; i < BUCKETS; i++) {
    hashed[2 * i] = injection.hashed[i]!;
    hashed[2 * i + 1] = jailbreak.hashed[i]!;
  }
  return { hashed, injection: injection.dense, jailbreak: jailbreak.dense };
}

export function pairProbabilities(m: PairModel, f: Features): { injection: number; jailbreak: number } {
  let zi = 0;
  let zj = 0;
  const w = m.hashed;
  const b = f.buckets;
  for (let i = 0; i < b.length; i++) {
    const k = b[i]! << 1;
    zi += w[k]!;
    zj += w[k + 1]!;
  }
  zi *= f.value;
  zj *= f.value;
  for (let k = 0; k < DENSE; k++) {
    zi += m.injection[k]! * f.dense[k]!;
    zj += m.jailbreak[k]! * f.dense[k]!;
  }
  return { injection: sigmoid(zi), jailbreak: sigmoid(zj) };
}
