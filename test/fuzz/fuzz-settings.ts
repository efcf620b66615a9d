/**
 * Run count and seed of the gateway fuzz suites. CI runs the small fixed-seed default;
 * `FUZZ_RUNS=5000 FUZZ_SEED=123 npm run fuzz` runs longer, with another seed. A failure prints
 * the seed and the shrunk counterexample path, which replay it exactly.
 */
export function fuzzSettings(defaultRuns: number): { numRuns: number; seed: number } {
  return {
    numRuns: Number(process.env.FUZZ_RUNS ?? defaultRuns),
    seed: Number(process.env.FUZZ_SEED ?? 20261204),
  };
}

/** Longest a single fuzzed exchange may take before it counts as a hang. */
export const HANG_MS = 10_000;

/** Own keys of Object.prototype, to prove no request polluted it (the gateway runs in-process). */
export function prototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

/** The vitest timeout of a fuzz test: generous per run, so long runs are not cut short. */
export function fuzzTimeoutMs(defaultRuns: number, msPerRun = 40): number {
  return Math.max(30_000, fuzzSettings(defaultRuns).numRuns * msPerRun);
}
