import { describe, it, expect } from 'vitest';
import { isHeldBack, splitKey } from './holdout.js';

describe('held-back split', () => {
  it('keys on lower-cased, whitespace-collapsed text', () => {
    expect(splitKey('  Ignore \n\t ALL  ')).toBe('ignore all');
    expect(isHeldBack('Ignore   ALL')).toBe(isHeldBack('ignore all'));
  });

  it('holds back roughly a quarter, deterministically', () => {
    const texts = Array.from({ length: 4000 }, (_, i) => `row number ${i}`);
    const held = texts.filter(isHeldBack).length;
    expect(held / texts.length).toBeGreaterThan(0.22);
    expect(held / texts.length).toBeLessThan(0.28);
    expect(texts.filter(isHeldBack).length).toBe(held);
  });
});
