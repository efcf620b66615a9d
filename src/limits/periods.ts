export type BudgetPeriod = 'day' | 'month';

export interface PeriodBounds {
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * The calendar day or month containing `nowMs` in an IANA time zone (UTC by default), as UTC
 * instants. Budgets reset at local midnight / the first of the month, DST included.
 */
export function periodBounds(nowMs: number, period: BudgetPeriod, timeZone = 'UTC'): PeriodBounds {
  // Every budgeted request asks; the answer changes once a day. Intl formatting costs tens of
  // microseconds a call, so the current period is remembered until it ends.
  const cacheKey = `${period}:${timeZone}`;
  const cached = current.get(cacheKey);
  if (cached && nowMs >= cached.startMs && nowMs < cached.endMs) return cached;
  const bounds = computeBounds(nowMs, period, timeZone);
  current.set(cacheKey, bounds);
  return bounds;
}

const current = new Map<string, PeriodBounds>();

function computeBounds(nowMs: number, period: BudgetPeriod, timeZone: string): PeriodBounds {
  const { year, month, day } = localDate(nowMs, timeZone);
  const start = period === 'day' ? { year, month, day } : { year, month, day: 1 };
  const next = period === 'day' ? addDays(start, 1) : { year: month === 12 ? year + 1 : year, month: month === 12 ? 1 : month + 1, day: 1 };
  return Object.freeze({ startMs: localMidnightUtc(start, timeZone), endMs: localMidnightUtc(next, timeZone) });
}

interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(ms: number, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

function localDate(ms: number, timeZone: string): LocalDate {
  const p = parts(ms, timeZone);
  return { year: p.year!, month: p.month!, day: p.day! };
}

/** The zone's offset from UTC at an instant, in ms. */
function offsetMs(ms: number, timeZone: string): number {
  const p = parts(ms, timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The UTC instant of 00:00 local time on a date (two passes settle DST changes). */
function localMidnightUtc(date: LocalDate, timeZone: string): number {
  const naive = Date.UTC(date.year, date.month - 1, date.day);
  let guess = naive - offsetMs(naive, timeZone);
  guess = naive - offsetMs(guess, timeZone);
  return guess;
}

function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Throws on a time zone the runtime does not know (checked once, at config load). */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}
