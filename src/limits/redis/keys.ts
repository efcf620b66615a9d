import type { CounterKind } from '../types.js';

/**
 * Every key carries the same hash tag, `{portcullis}`. Redis Cluster hashes only the tag, so all
 * counters live in one slot and a multi-counter admission (per-key rpm + per-user tpm + a budget)
 * stays ONE atomic script on ONE node: Cluster rejects scripts whose keys span slots (CROSSSLOT).
 * The trade-off: that slot, and so one shard, carries all limit traffic. A gateway's counters are
 * small and each admission is a single short script, so one shard is plenty until very high
 * request rates; splitting by tenant would need per-tenant tags and admissions that never mix
 * tenants. See https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags
 */
export const HASH_TAG = '{portcullis}';

/**
 * How long a key outlives the moment it can last matter. Windows and leases: clock skew between
 * gateway instances (each passes its own `nowMs`) and Redis. Periods: a grace after the period end
 * so late settles and end-of-period reports still find the total.
 */
export const WINDOW_TTL_MARGIN_MS = 10_000;
export const LEASE_TTL_MARGIN_MS = 10_000;
export const PERIOD_TTL_MARGIN_MS = 3_600_000;

/** A prefix must not open its own hash tag, or the counters would scatter across slots. */
export function checkKeyPrefix(prefix: string): string {
  if (/[{}]/.test(prefix)) throw new RangeError(`Redis limit store: keyPrefix must not contain "{" or "}" (the hash tag is ${HASH_TAG})`);
  return prefix;
}

/**
 * `<prefix>{portcullis}:<name>@<bucket>`. The last `@` segment tells kinds apart (digits for a
 * window index, `p<start>` for a period, `leases` for a concurrency set), so two kinds sharing a
 * name can never share a key.
 */
export function counterKey(prefix: string, name: string, kind: CounterKind, bucket: number): string {
  const base = `${prefix}${HASH_TAG}:${name}@`;
  switch (kind) {
    case 'window':
      return `${base}${bucket}`;
    case 'period':
      return `${base}p${bucket}`;
    case 'concurrency':
      return `${base}leases`;
  }
}
