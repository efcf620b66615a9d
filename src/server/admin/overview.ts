import type { AuditEvent } from '../../audit/event.js';
import type { Config } from '../../config/schema.js';
import { periodBounds, type BudgetPeriod } from '../../limits/periods.js';

/** The ranges the overview offers, each with a bucket width that gives 12–30 bars. */
export const RANGES = {
  '1h': { ms: 3_600_000, bucketMs: 300_000 },
  '24h': { ms: 86_400_000, bucketMs: 3_600_000 },
  '7d': { ms: 604_800_000, bucketMs: 21_600_000 },
  '30d': { ms: 2_592_000_000, bucketMs: 86_400_000 },
} as const;
export type RangeName = keyof typeof RANGES;

export interface Bucket {
  readonly start: string;
  requests: number;
  denied: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface Overview {
  readonly from: string;
  readonly to: string;
  readonly bucketMs: number;
  readonly buckets: Bucket[];
  /** Spend so far in the budget period at each bucket's end, against the cap for that period. */
  readonly spend: { readonly period: BudgetPeriod; readonly capUsd: number | null; readonly capSource: string | null; readonly points: { t: string; usd: number }[] };
  /** Denied requests by error code, most frequent first. */
  readonly denials: { code: string; count: number }[];
  readonly totals: { requests: number; denied: number; inputTokens: number; outputTokens: number; costUsd: number };
  readonly truncated: boolean;
}

/** The budget cap the spend plot is drawn against: the environment's own, else the global one. */
function capFor(config: Config, environment: string | undefined, period: BudgetPeriod): { usd: number | null; source: string | null } {
  const field = period === 'day' ? 'usdPerDay' : 'usdPerMonth';
  const env = environment === undefined ? undefined : config.environments[environment]?.budgets.environment?.[field];
  if (env !== undefined) return { usd: env, source: `environments.${environment ?? ''}.budgets.environment.${field}` };
  const global = config.budgets.global?.[field];
  return global === undefined ? { usd: null, source: null } : { usd: global, source: `budgets.global.${field}` };
}

export function spendPeriod(range: RangeName): BudgetPeriod {
  return range === '30d' ? 'month' : 'day';
}

/** Where the events an overview needs begin: the budget period that holds the first bucket. */
export function spendWindowStart(range: RangeName, now: Date, timeZone: string): number {
  const { firstStart } = rangeBuckets(range, now);
  return Math.min(firstStart, periodBounds(firstStart, spendPeriod(range), timeZone).startMs);
}

/** Buckets aligned to their width (refreshes do not shift the bars), the last one holding `now`. */
export function rangeBuckets(range: RangeName, now: Date): { firstStart: number; count: number } {
  const { ms, bucketMs } = RANGES[range];
  const count = Math.round(ms / bucketMs);
  return { firstStart: Math.floor(now.getTime() / bucketMs) * bucketMs - (count - 1) * bucketMs, count };
}

/** Aggregates audit events (any order, from spendWindowStart on) into the overview's series. Pure: the route fetches. */
export function buildOverview(events: readonly AuditEvent[], opts: { config: Config; range: RangeName; now: Date; environment?: string | undefined; truncated: boolean }): Overview {
  const { bucketMs } = RANGES[opts.range];
  const toMs = opts.now.getTime();
  const { firstStart, count } = rangeBuckets(opts.range, opts.now);
  const buckets: Bucket[] = Array.from({ length: count }, (_, i) => ({
    start: new Date(firstStart + i * bucketMs).toISOString(),
    requests: 0, denied: 0, failed: 0, inputTokens: 0, outputTokens: 0, costUsd: 0,
  }));
  const denials = new Map<string, number>();
  // Times parsed once: the page may aggregate tens of thousands of events.
  const sorted = events.map((e) => ({ e, t: Date.parse(e.time) })).sort((a, b) => a.t - b.t);
  for (const { e, t } of sorted) {
    const i = Math.floor((t - firstStart) / bucketMs);
    const b = buckets[i];
    if (!b) continue;
    b.requests += 1;
    if (e.decision === 'denied') {
      b.denied += 1;
      const code = e.errorCode ?? 'denied';
      denials.set(code, (denials.get(code) ?? 0) + 1);
    }
    if (e.decision === 'failed') b.failed += 1;
    b.inputTokens += e.tokens.input ?? 0;
    b.outputTokens += e.tokens.output ?? 0;
    b.costUsd += e.costUsd ?? 0;
  }

  // Spend within the budget period (calendar day or month in budgets.timeZone), reset at each
  // period start, sampled at each bucket's end. Events before the range but in its first period
  // count here (the caller fetches from spendWindowStart), not in the buckets.
  const period = spendPeriod(opts.range);
  const cap = capFor(opts.config, opts.environment, period);
  const tz = opts.config.budgets.timeZone;
  const points: { t: string; usd: number }[] = [];
  let periodStart = Number.NEGATIVE_INFINITY;
  let spent = 0;
  let j = 0;
  for (const b of buckets) {
    const end = Math.min(Date.parse(b.start) + bucketMs, toMs);
    while (j < sorted.length && sorted[j]!.t < end) {
      const { e, t } = sorted[j]!;
      const start = periodBounds(t, period, tz).startMs;
      if (start !== periodStart) {
        periodStart = start;
        spent = 0;
      }
      spent += e.costUsd ?? 0;
      j += 1;
    }
    if (periodBounds(end - 1, period, tz).startMs !== periodStart) {
      periodStart = periodBounds(end - 1, period, tz).startMs;
      spent = 0;
    }
    points.push({ t: new Date(end).toISOString(), usd: round6(spent) });
  }
  for (const b of buckets) b.costUsd = round6(b.costUsd);
  const totals = buckets.reduce(
    (acc, b) => ({ requests: acc.requests + b.requests, denied: acc.denied + b.denied, inputTokens: acc.inputTokens + b.inputTokens, outputTokens: acc.outputTokens + b.outputTokens, costUsd: round6(acc.costUsd + b.costUsd) }),
    { requests: 0, denied: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 },
  );
  return {
    from: new Date(firstStart).toISOString(),
    to: opts.now.toISOString(),
    bucketMs,
    buckets,
    spend: { period, capUsd: cap.usd, capSource: cap.source, points },
    denials: [...denials].map(([code, n]) => ({ code, count: n })).sort((a, b) => b.count - a.count),
    totals,
    truncated: opts.truncated,
  };
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
