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

  it('handles characters that expand when lower-cased', () => {
    const r = lowerCase(identity('\u0130X'));
    expect(r.text.endsWith('x')).toBe(true);
    expect(r.offsets[r.text.length - 1]).toBe(1);
  });
});
