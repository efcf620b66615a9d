const HOUR_MS = 3_600_000;
const HOURS_PER_WEEK = 168;

/**
 * A learned hourly baseline: one EWMA per hour of the week (UTC), so Monday 09:00 is compared
 * with earlier Mondays at 09:00, not with Sunday night. While an hour of the week has no history
 * yet (the first week), the EWMA of that hour of the day stands in, and before that one over all
 * hours. Idle hours count as zero. Memory is fixed (168 + 24 slots).
 */
export interface HourlyBaseline {
  /** Adds `amount` to the hour containing `nowMs` (closing earlier hours); returns that hour's total so far. */
  add(nowMs: number, amount: number): number;
  /** What the current hour is expected to total, or undefined while the baseline is still learning. */
  expected(): number | undefined;
  /** Start of the hour being counted (ms), or undefined before the first call. */
  readonly hourStartMs: number | undefined;
}

export function createHourlyBaseline(options: { readonly alpha: number; readonly minBaselineHours: number }): HourlyBaseline {
  const slots = new Float64Array(HOURS_PER_WEEK);
  const samples = new Uint32Array(HOURS_PER_WEEK);
  const daySlots = new Float64Array(24);
  const daySamples = new Uint32Array(24);
  let overall = 0;
  let hoursSeen = 0;
  let hour: number | undefined;
  let total = 0;

  const ewma = (previous: number, seen: number, value: number): number => (seen === 0 ? value : previous + options.alpha * (value - previous));

  const close = (closedHour: number, value: number): void => {
    const slot = closedHour % HOURS_PER_WEEK;
    slots[slot] = ewma(slots[slot]!, samples[slot]!, value);
    samples[slot] = Math.min(samples[slot]! + 1, 0xffff_ffff);
    const daySlot = closedHour % 24;
    daySlots[daySlot] = ewma(daySlots[daySlot]!, daySamples[daySlot]!, value);
    daySamples[daySlot] = Math.min(daySamples[daySlot]! + 1, 0xffff_ffff);
    overall = ewma(overall, hoursSeen, value);
    hoursSeen++;
  };

  const roll = (nowMs: number): void => {
    const current = Math.floor(nowMs / HOUR_MS);
    if (hour === undefined) {
      hour = current;
      return;
    }
    if (current <= hour) return;
    close(hour, total);
    total = 0;
    // Idle hours in between count as zero; more than a week of them is one week of zeros.
    const idle = Math.min(current - hour - 1, HOURS_PER_WEEK);
    for (let h = current - idle; h < current; h++) close(h, 0);
    hour = current;
  };

  return {
    add(nowMs, amount) {
      roll(nowMs);
      total += amount;
      return total;
    },
    expected() {
      if (hour === undefined || hoursSeen < options.minBaselineHours) return undefined;
      const slot = hour % HOURS_PER_WEEK;
      if (samples[slot]! > 0) return slots[slot];
      const daySlot = hour % 24;
      return daySamples[daySlot]! > 0 ? daySlots[daySlot] : overall;
    },
    get hourStartMs() {
      return hour === undefined ? undefined : hour * HOUR_MS;
    },
  };
}
