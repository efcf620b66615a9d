import { describe, it, expect } from 'vitest';
import { identity } from './mapped.js';
import { collapseWhitespace } from './whitespace.js';

describe('collapseWhitespace', () => {
  it('collapses spaces and keeps single line breaks', () => {
    const r = collapseWhitespace(identity('a  \t b \n\n  System:\tx'));
    expect(r.text).toBe('a b\nSystem: x');
    expect(r.offsets[r.text.indexOf('S')]).toBe(11);
  });

  it('returns the input when already collapsed', () => {
    const m = identity('a b\nc');
    expect(collapseWhitespace(m)).toBe(m);
  });
});
