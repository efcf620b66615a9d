import type { KeyMatch, KeyStore } from './types.js';

/**
 * The synchronous form of `findKeyBySecretHash`, for stores that answer without waiting on I/O
 * (memory, the embedded SQLite): the auth stage then decides without a promise per request.
 */
export type SyncKeyLookup = (secretHash: string, now: Date) => KeyMatch | undefined;

/** Keyed by the store's own async lookup, so a wrapper that replaces it is never bypassed. */
const lookups = new WeakMap<KeyStore['findKeyBySecretHash'], SyncKeyLookup>();

export function withSyncLookup(lookup: KeyStore['findKeyBySecretHash'], sync: SyncKeyLookup): KeyStore['findKeyBySecretHash'] {
  lookups.set(lookup, sync);
  return lookup;
}

/** The synchronous lookup, when the store's `findKeyBySecretHash` is still its own and has one. */
export function syncKeyLookup(store: KeyStore): SyncKeyLookup | undefined {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- an identity key, never called
  return lookups.get(store.findKeyBySecretHash);
}
