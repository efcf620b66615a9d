import { describe, it, expect } from 'vitest';
import { BUCKETS, DENSE } from './features.js';
import { dequantize, HEADS, headMargins, interleave, margin, quantize, type LinearModel } from './model.js';
import type { Features } from './features.js';

describe('quantized linear model', () => {
  it('round-trips weights through int8 with square-root companding', () => {
    const w = new Float32Array(BUCKETS);
    w[1] = 2;
    w[2] = -0.5;
    w[3] = 0.002;
    const back = dequantize(quantize(w));
    expect(back[1]).toBeCloseTo(2, 5);
    expect(back[2]).toBeCloseTo(-0.5, 1); // one int8 step near 0.5 of a 2.0 scale is about 0.008
    expect(back[3]).toBeGreaterThan(0); // small weights survive (a linear int8 scale would zero them)
    expect(back[0]).toBe(0);
  });

  it('scores the interleaved heads exactly like the models separately', () => {
    const mk = (seed: number): LinearModel => {
      const hashed = new Float32Array(BUCKETS);
      for (let i = 0; i < 100; i++) hashed[(i * 7919 + seed) % BUCKETS] = ((i % 7) - 3) / 10;
      return { hashed, dense: Float64Array.from({ length: DENSE }, (_, k) => ((k + seed) % 3) - 1) };
    };
    const models = Array.from({ length: HEADS }, (_, h) => mk(h + 1));
    const f: Features = { buckets: Int32Array.from([1, 7920, 15839, 2, 1, 3]), value: 0.5, dense: Float64Array.from({ length: DENSE }, (_, k) => k / DENSE) };
    const z = headMargins(interleave(models), f, new Float64Array(HEADS));
    models.forEach((m, h) => { expect(z[h]).toBeCloseTo(margin(m, f), 12); });
  });
});
