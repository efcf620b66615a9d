import { describe, it, expect } from 'vitest';
import { identity } from './mapped.js';
import { removeInvisible } from './invisible.js';
import { TransformLog } from './transforms.js';

describe('removeInvisible', () => {
  it('drops zero-width and bidi controls and keeps the offset map', () => {
    const log = new TransformLog();
    const r = removeInvisible(identity('ig\u200Bno\u202Ere\uFEFF!'), log);
    expect(r.text).toBe('ignore!');
    expect(r.offsets[2]).toBe(3); // "n" was at index 3 originally
    expect(log.count).toBe(3);
  });

  it('returns the same object when nothing is invisible', () => {
    const m = identity('visible');
    expect(removeInvisible(m, new TransformLog())).toBe(m);
  });
});
