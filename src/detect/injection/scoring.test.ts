import { describe, it, expect } from 'vitest';
import { categorize } from './scoring.js';

describe('categorize', () => {
  const t = { injection: 0.2, jailbreak: 0.6 };

  it('is benign below both thresholds', () => {
    expect(categorize({ injection: 0.19, jailbreak: 0.59 }, t)).toBe('benign');
  });

  it('counts a score equal to the threshold', () => {
    expect(categorize({ injection: 0.2, jailbreak: 0 }, t)).toBe('injection');
  });

  it('picks the category further into its (threshold, 1] interval', () => {
    // injection: (0.5 - 0.2) / 0.8 = 0.375; jailbreak: (0.9 - 0.6) / 0.4 = 0.75
    expect(categorize({ injection: 0.5, jailbreak: 0.9 }, t)).toBe('jailbreak');
    expect(categorize({ injection: 0.95, jailbreak: 0.7 }, t)).toBe('injection');
  });
});
