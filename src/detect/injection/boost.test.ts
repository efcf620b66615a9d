import { describe, it, expect } from 'vitest';
import { forestFrom, forestMargin, stackInput, STACK_INPUTS, STACK_NAMES } from './boost.js';
import { DENSE, type Features } from './features.js';
import { HEADS } from './model.js';
import { INJECTION_TREES, JAILBREAK_TREES, MODEL_INFO } from './model.generated.js';

describe('boosted trees (second stage)', () => {
  it('walks each tree to a leaf and sums the leaves', () => {
    // Tree 1: x[0] <= 0.5 ? 1 : (x[2] <= 3 ? 10 : 100). Tree 2: a single leaf of -0.25.
    const f = forestFrom({
      roots: [0, 5],
      nodes: [
        0, 0.5, 1, 2, 0,
        -1, 0, -1, -1, 1,
        2, 3, 3, 4, 0,
        -1, 0, -1, -1, 10,
        -1, 0, -1, -1, 100,
        -1, 0, -1, -1, -0.25,
      ],
    });
    const x = new Float64Array(STACK_INPUTS);
    x[0] = 0.5;
    expect(forestMargin(f, x)).toBe(0.75);
    x[0] = 0.6;
    x[2] = 3;
    expect(forestMargin(f, x)).toBe(9.75);
    x[2] = 3.1;
    expect(forestMargin(f, x)).toBe(99.75);
  });

  it('rejects malformed node arrays (a child that points backwards would loop)', () => {
    expect(() => forestFrom({ roots: [0], nodes: [0, 0.5, 0, 0, 0] })).toThrow(/malformed/);
    expect(() => forestFrom({ roots: [0], nodes: [0, 0.5, 1] })).toThrow(/multiple of 5/);
    expect(() => forestFrom({ roots: [0], nodes: [STACK_INPUTS, 0.5, 1, 2, 0, -1, 0, -1, -1, 1, -1, 0, -1, -1, 2] })).toThrow(/malformed/);
  });

  it('builds its input from the head margins and the dense features, in STACK_NAMES order', () => {
    const feats: Features = { buckets: new Int32Array(0), value: 1, dense: Float64Array.from({ length: DENSE }, (_, k) => k + 1) };
    const x = stackInput(Float64Array.from({ length: HEADS }, (_, h) => -h - 1), feats);
    expect(x.length).toBe(STACK_NAMES.length);
    expect(x[0]).toBe(-1);
    expect(x[HEADS]).toBe(1);
    expect(x[HEADS + DENSE - 1]).toBe(DENSE);
  });

  it('ships trees that load and match the generated input layout', () => {
    expect(MODEL_INFO.stackNames).toEqual(STACK_NAMES);
    for (const g of [INJECTION_TREES, JAILBREAK_TREES]) {
      const f = forestFrom(g);
      expect(f.roots.length).toBeGreaterThan(0);
      expect(Number.isFinite(forestMargin(f, new Float64Array(STACK_INPUTS)))).toBe(true);
    }
  });
});
