/**
 * End users temporarily refused after repeated guard triggers (the repeated-triggers monitor
 * with `blockUser`). Keyed by the pseudonym, in process and bounded: each gateway instance keeps
 * its own list (the stored alert is shared). The identity stage asks it on every request, so the
 * lookup is one Map read.
 */
export interface UserBlocks {
  block(user: string, untilMs: number): void;
  /** When the block of this pseudonymized user ends, or undefined when it is not blocked. */
  blockedUntil(user: string, nowMs: number): number | undefined;
  readonly size: number;
}

const MAX_BLOCKED = 10_000;

export function createUserBlocks(): UserBlocks {
  const until = new Map<string, number>();
  return {
    block(user, untilMs) {
      until.delete(user);
      until.set(user, Math.max(untilMs, until.get(user) ?? 0));
      if (until.size > MAX_BLOCKED) {
        // Oldest block first (Map order is insertion order).
        const oldest = until.keys().next().value;
        if (oldest !== undefined) until.delete(oldest);
      }
    },
    blockedUntil(user, nowMs) {
      const end = until.get(user);
      if (end === undefined) return undefined;
      if (end <= nowMs) {
        until.delete(user);
        return undefined;
      }
      return end;
    },
    get size() {
      return until.size;
    },
  };
}
