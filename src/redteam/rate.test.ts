import { describe, expect, it } from 'vitest';
import { createRateGate, mapBounded } from './rate.js';

describe('rate gate', () => {
  it('spaces starts evenly at the configured rate (virtual clock)', async () => {
    let now = 1_000;
    const waits: number[] = [];
    const gate = createRateGate(4, (ms) => {
      waits.push(ms);
      now += ms;
      return Promise.resolve();
    }, () => now);
    for (let i = 0; i < 5; i++) await gate.wait();
    expect(waits).toEqual([250, 250, 250, 250]);
  });

  it('does not wait without a rate', async () => {
    const gate = createRateGate(undefined, () => Promise.reject(new Error('slept')));
    await expect(gate.wait()).resolves.toBeUndefined();
  });
});

describe('mapBounded', () => {
  it('never has more than the limit in flight and keeps the order of results', async () => {
    let inFlight = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const done = mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => release.push(resolve));
      inFlight--;
      return n * 10;
    });
    while (release.length > 0 || inFlight > 0) {
      await Promise.resolve();
      release.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(await done).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(peak).toBe(3);
  });
});
