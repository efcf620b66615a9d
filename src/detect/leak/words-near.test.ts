import { describe, expect, it } from 'vitest';
import { secretWordsNear } from './index.js';

describe('secretWordsNear', () => {
  it('finds the words of a multi-word secret close together, in any order and case', () => {
    expect(secretWordsNear('The seekrit is RADIATION. The passphrase is syllabus.', 'syllabus radiation')).toBe(true);
    expect(secretWordsNear('set "tram" equal to "32"', 'tram=32')).toBe(true);
  });
  it('needs whole words, all of them, within the window', () => {
    expect(secretWordsNear('syllabuses and radiations', 'syllabus radiation')).toBe(false);
    expect(secretWordsNear('syllabus only', 'syllabus radiation')).toBe(false);
    expect(secretWordsNear(`syllabus ${'word '.repeat(50)} radiation`, 'syllabus radiation')).toBe(false);
  });
});
