import { describe, it, expect } from 'vitest';
import { findRepetition } from './structure.js';

describe('findRepetition', () => {
  it('finds a short token repeated 16 times', () => {
    const text = 'hi ' + 'ö '.repeat(20) + 'end';
    expect(findRepetition(text)).toEqual({ start: 3, end: 3 + 2 * 15 + 1 });
  });

  it('ignores short runs and long tokens', () => {
    expect(findRepetition('ö '.repeat(10))).toBeNull();
    expect(findRepetition('hello '.repeat(30))).toBeNull();
  });
});
