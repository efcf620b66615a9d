import { describe, it, expect } from 'vitest';
import { identity } from './mapped.js';
import { joinSpacedLetters } from './spacing.js';
import { TransformLog } from './transforms.js';

describe('joinSpacedLetters', () => {
  it('joins spaced and dotted letters', () => {
    const r = joinSpacedLetters(identity('please i g n o r e all and i.g.n.o.r.e'), new TransformLog());
    expect(r.text).toBe('please ignore all and ignore');
    expect(r.offsets[8]).toBe(9); // the "g" of the spaced run
  });

  it('keeps abbreviations and short runs', () => {
    const m = identity('e.g. the U.S.A. and a b c');
    expect(joinSpacedLetters(m, new TransformLog())).toBe(m);
  });

  it('runs in linear time on a long hostile run', () => {
    const hostile = 'a '.repeat(50_000) + '!';
    const t = performance.now();
    joinSpacedLetters(identity(hostile), new TransformLog());
    expect(performance.now() - t).toBeLessThan(500);
  });
});
