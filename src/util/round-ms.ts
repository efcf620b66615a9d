/**
 * A duration in milliseconds to the microsecond, as the audit event records it: a raw
 * `performance.now()` difference prints with up to 17 digits, which made each stage record of
 * every audit event longer (and slower to serialize) for precision no clock here has.
 */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
