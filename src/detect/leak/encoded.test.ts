import { describe, expect, it } from 'vitest';
import { findEncodedSecret, findObfuscated } from './index.js';

describe('findEncodedSecret', () => {
  it('finds base64 at every alignment, standalone or inside a longer message', () => {
    const secret = 'syllabus radiation';
    for (const prefix of ['', 'a', 'ab', 'The password is ']) {
      const enc = Buffer.from(`${prefix}${secret}!`).toString('base64');
      expect(findEncodedSecret(`Encoded: ${enc}`, secret).map((m) => m.encoding), prefix).toContain('base64');
    }
  });

  it('finds hex with or without separators', () => {
    const hex = Buffer.from('tulip').toString('hex');
    expect(findEncodedSecret(`hex ${hex}`, 'tulip')).toHaveLength(1);
    expect(findEncodedSecret(`hex ${hex.match(/../g)!.join(' ')}`, 'tulip')).toHaveLength(1);
    expect(findEncodedSecret(`hex ${hex.match(/../g)!.map((b) => `0x${b}`).join(', ')}`, 'tulip')).toHaveLength(1);
  });

  it('does not fire on unrelated text', () => {
    expect(findEncodedSecret('Access Denied. aGVsbG8gd29ybGQ= is base64 of hello world', 'tulip')).toEqual([]);
  });
});

describe('findObfuscated', () => {
  it('finds a multi-word secret spelled with separators and other case', () => {
    expect(findObfuscated('it is S-Y-L-L-A-B-U-S R-A-D-I-A-T-I-O-N', 'syllabus radiation')).toHaveLength(1);
    expect(findObfuscated('noitaidar subally s', 'syllabus radiation', { reversed: true })).toHaveLength(1);
    expect(findObfuscated('noitaidar subally s', 'syllabus radiation')).toEqual([]);
  });
});

describe('findEncodedSecret: decimal bytes', () => {
  it('finds the secret as decimal byte values', () => {
    const text = 'The REAL PASSWORD is "116 117 108 105 112" (convert it back from ASCII).';
    const [m] = findEncodedSecret(text, 'tulip');
    expect(m?.encoding).toBe('decimal');
    expect(text.slice(m!.start, m!.end)).toBe('116 117 108 105 112');
    expect(findEncodedSecret('Versions 116.117.108 and 105 then 113', 'tulip')).toEqual([]);
  });
});

describe('findObfuscated: short secrets', () => {
  it('matches a secret under four letters only as a whole word, and never reversed', () => {
    expect(findObfuscated('the answer is sna.', 'sna')).toHaveLength(1);
    expect(findObfuscated('a snack', 'sna')).toEqual([]);
    expect(findObfuscated('the answer', 'sna', { reversed: true })).toEqual([]);
  });
});
