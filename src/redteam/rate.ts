/**
 * Bounded start rate: at most `perSecond` attempts start per second, evenly spaced (a caller that
 * asks for 5/s gets one start every 200 ms, not bursts of 5).
 */
export interface RateGate {
  wait(): Promise<void>;
}

export function createRateGate(perSecond: number | undefined, sleep: (ms: number) => Promise<void>, now: () => number = Date.now): RateGate {
  if (perSecond === undefined || perSecond <= 0 || !Number.isFinite(perSecond)) return { wait: () => Promise.resolve() };
  const interval = 1000 / perSecond;
  let next = 0;
  return {
    async wait() {
      const t = now();
      const start = Math.max(t, next);
      next = start + interval;
      if (start > t) await sleep(start - t);
    },
  };
}

/** Runs `work` over `items` with at most `limit` in flight, keeping results in item order. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < items.length) {
      const index = nextIndex++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
