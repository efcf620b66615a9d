import { describe, it, expect } from 'vitest';
import { identity } from './mapped.js';
import { nfkc } from './nfkc.js';
import { TransformLog } from './transforms.js';

describe('nfkc', () => {
  it('folds fullwidth and mathematical letters', () => {
    const log = new TransformLog();
    expect(nfkc(identity('ｉｇｎｏｒｅ 𝐩𝐫𝐞𝐯𝐢𝐨𝐮𝐬'), log).text).toBe('ignore previous');
    expect(log.count).toBeGreaterThan(0);
  });

  it('maps a folded math letter (a surrogate pair) back to its start', () => {
    const r = nfkc(identity('a𝐛c'), new TransformLog());
    expect(r.text).toBe('abc');
    expect(Array.from(r.offsets)).toEqual([0, 1, 3, 4]);
  });

  it('composes a base with its combining mark', () => {
    expect(nfkc(identity('e\u0301'), new TransformLog()).text).toBe('é');
  });

  it('copies Latin-1 and Latin Extended letters as they are, and still composes one followed by a mark', () => {
    const log = new TransformLog();
    const r = nfkc(identity('ö ß ł ø o\u0308 ö\u0323 \u00A0½ ﬁ'), log);
    // ö, ß, ł, ø stay; o + U+0308 composes to ö; ö + U+0323 reorders to its NFKC form; NBSP, ½ and ﬁ fold.
    expect(r.text).toBe('ö ß ł ø o\u0308 ö\u0323 \u00A0½ ﬁ'.normalize('NFKC'));
    expect(r.offsets.length).toBe(r.text.length + 1);
  });
});
