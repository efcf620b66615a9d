import { describe, it, expect } from 'vitest';
import { identity } from './mapped.js';
import { percentDecode } from './percent.js';
import { TransformLog } from './transforms.js';

describe('percentDecode', () => {
  it('decodes percent-encoded runs in place', () => {
    const r = percentDecode(identity('x %69%67%6E%6F%72%65 y'), new TransformLog());
    expect(r.text).toBe('x ignore y');
    expect(r.offsets[3]).toBe(5); // "g" came from "%67" at index 5
  });

  it('decodes multi-byte UTF-8', () => {
    expect(percentDecode(identity('%C3%A9t%C3%A9'), new TransformLog()).text).toBe('été');
  });

  it('leaves invalid UTF-8 and bare percent signs alone', () => {
    const m = identity('100% sure %FF');
    expect(percentDecode(m, new TransformLog())).toBe(m);
  });
});
