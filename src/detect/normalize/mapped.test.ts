import { describe, it, expect } from 'vitest';
import { identity, MappedBuilder, toOriginalSpan } from './mapped.js';

describe('mapped', () => {
  it('identity maps each unit to itself', () => {
    const m = identity('abc');
    expect(Array.from(m.offsets)).toEqual([0, 1, 2, 3]);
  });

  it('builder composes with the input map', () => {
    const input = identity('xAy');
    const b = new MappedBuilder();
    b.push('x', 0);
    b.push('aa', 1); // one unit expanded to two
    b.push('y', 2);
    const out = b.finish(input);
    expect(out.text).toBe('xaay');
    expect(Array.from(out.offsets)).toEqual([0, 1, 1, 2, 3]);
    expect(toOriginalSpan(out, 1, 3)).toEqual({ start: 1, end: 2 });
  });
});
