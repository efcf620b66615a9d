/**
 * The arithmetic of the counters, shared by every backend (the Redis Lua script mirrors it; the
 * shared suite checks they agree). Sliding window counter: use = previous window × the share of
 * it still inside the sliding window + current window.
 */
export function windowBucket(nowMs: number, windowMs: number): number {
  return Math.floor(nowMs / windowMs);
}

export function slidingUse(previous: number, current: number, nowMs: number, windowMs: number): number {
  const elapsed = nowMs % windowMs;
  return Math.ceil(previous * ((windowMs - elapsed) / windowMs)) + current;
}

/** Earliest wait after which `amount` more would fit, assuming no other traffic. */
export function windowRetryAfterMs(previous: number, current: number, amount: number, limit: number, nowMs: number, windowMs: number): number {
  if (amount > limit) return Infinity;
  const elapsed = nowMs % windowMs;
  if (current + amount <= limit) {
    if (previous === 0) return 0;
    // previous × (W − e − t)/W ≤ limit − current − amount
    const t = windowMs - elapsed - ((limit - current - amount) * windowMs) / previous;
    return Math.max(0, Math.ceil(t));
  }
  // Next window: the current one becomes the weighted previous one.
  const intoNext = current === 0 ? 0 : windowMs * (1 - (limit - amount) / current);
  return Math.ceil(windowMs - elapsed + Math.max(0, intoNext));
}

export function windowResetMs(nowMs: number, windowMs: number): number {
  return windowMs - (nowMs % windowMs);
}
