import { describe, expect, it } from 'vitest';
import { createTriggerCounter } from './triggers.js';

describe('trigger counter', () => {
  it('counts per subject and kind within the window', () => {
    const counter = createTriggerCounter({ windowMs: 1_000, maxSubjects: 10, maxPerSubject: 100 });
    counter.record('u1', 'injection', 100);
    counter.record('u1', 'injection', 200);
    counter.record('u1', 'filter', 300);
    counter.record('u2', 'filter', 300);
    expect(counter.count('u1', undefined, 500)).toBe(3);
    expect(counter.count('u1', 'injection', 500)).toBe(2);
    expect(counter.count('u2', 'injection', 500)).toBe(0);
    expect(counter.count('nobody', undefined, 500)).toBe(0);
    // 1,150: the trigger at 100 has left the window, the others remain.
    expect(counter.count('u1', undefined, 1_150)).toBe(2);
    expect(counter.count('u1', undefined, 5_000)).toBe(0);
  });

  it('ranks the subjects with the most triggers', () => {
    const counter = createTriggerCounter({ windowMs: 10_000, maxSubjects: 10, maxPerSubject: 100 });
    for (let i = 0; i < 3; i++) counter.record('busy', 'filter', 100 + i);
    counter.record('quiet', 'filter', 100);
    expect(counter.top(5, 200)).toEqual([
      { subject: 'busy', count: 3 },
      { subject: 'quiet', count: 1 },
    ]);
    expect(counter.top(1, 200)).toHaveLength(1);
  });

  it('stays bounded: forgets the least recently triggered subject and old timestamps', () => {
    const counter = createTriggerCounter({ windowMs: 10_000, maxSubjects: 2, maxPerSubject: 3 });
    counter.record('a', 'x', 1);
    counter.record('b', 'x', 2);
    counter.record('a', 'x', 3); // a is now the most recent
    counter.record('c', 'x', 4); // evicts b
    expect(counter.count('b', undefined, 5)).toBe(0);
    expect(counter.count('a', undefined, 5)).toBe(2);
    for (let t = 10; t < 20; t++) counter.record('c', 'x', t);
    expect(counter.count('c', undefined, 20)).toBe(3);
  });
});
