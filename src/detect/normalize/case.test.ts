import { describe, it, expect } from 'vitest';
import { identity } from './mapped.js';
import { lowerCase } from './case.js';

describe('lowerCase', () => {
  it('lower-cases and keeps the map when the length is unchanged', () => {
    const m = identity('IGNORE Previous');
    const r = lowerCase(m);
    expect(r.text).toBe('ignore previous');
    expect(r.offsets).toBe(m.offsets);
  });

  it('folds the Turkish dotted capital I to a plain i, keeping the map', () => {
    const r = lowerCase(identity('\u0130LK TAL\u0130MAT'));
    expect(r.text).toBe('ilk talimat');
    expect(r.offsets[r.text.length - 1]).toBe(10);
  });
});
