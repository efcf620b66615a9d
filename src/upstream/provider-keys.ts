import type { SecretHandle } from '../secrets/handle.js';
import { LiveSecret } from '../secrets/handle.js';
import type { Secret } from '../secrets/secret.js';
import type { BufferedCall, BufferedUpstreamResponse } from './client.js';

/**
 * Several provider keys for one provider of one environment (docs/secrets.md#several-keys):
 * which key a request uses, and failover to the next key when the provider refuses one (401/403)
 * before anything reached the client.
 */

export interface ProviderKey {
  readonly name: string;
  readonly ref: string;
  readonly weight: number;
  readonly handle: SecretHandle;
}

export interface ProviderKeyEvents {
  /** The provider refused this key (it is now tried last until the cooldown ends). */
  onRejected?(key: ProviderKey, status: number): void;
  /** A request moved on from a refused key to another one. */
  onFailover?(from: ProviderKey, to: ProviderKey): void;
}

export interface BadMark {
  readonly until: number;
  readonly status: number;
}

export class ProviderKeyRing {
  readonly keys: readonly ProviderKey[];
  readonly selection: 'ordered' | 'weighted';
  /** The key a request would start with, looked up at each use (for the moderation client). */
  readonly live: Secret;
  readonly #cooldownMs: number;
  readonly #bad = new Map<ProviderKey, BadMark>();
  readonly #events: ProviderKeyEvents;
  readonly #random: () => number;
  readonly #now: () => number;

  constructor(
    keys: readonly ProviderKey[],
    options: { selection?: 'ordered' | 'weighted' | undefined; cooldownMs: number; events?: ProviderKeyEvents; random?: () => number; now?: () => number },
  ) {
    if (keys.length === 0) throw new Error('a provider needs at least one key');
    this.keys = keys;
    this.selection = options.selection ?? 'ordered';
    this.#cooldownMs = options.cooldownMs;
    this.#events = options.events ?? {};
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    this.live = new LiveSecret(keys[0]!.ref, () => this.plan()[0]!.handle.current);
    // A key whose value changed (rotated in the store) is not the key that was refused.
    for (const key of keys) key.handle.onChange(() => this.#bad.delete(key));
  }

  /** The keys to try for one request, in order: healthy keys first, refused ones last. */
  plan(): ProviderKey[] {
    const now = this.#now();
    const healthy: ProviderKey[] = [];
    const bad: [ProviderKey, number][] = [];
    for (const key of this.keys) {
      const mark = this.#bad.get(key);
      if (mark && mark.until > now) bad.push([key, mark.until]);
      else healthy.push(key);
    }
    // Refused keys are still tried, soonest-to-recover first: a hint, never a refusal.
    const tail = bad.sort((a, b) => a[1] - b[1]).map(([key]) => key);
    if (this.selection === 'weighted' && healthy.length > 1) {
      const first = this.#pick(healthy);
      return [first, ...healthy.filter((k) => k !== first), ...tail];
    }
    return [...healthy, ...tail];
  }

  #pick(keys: readonly ProviderKey[]): ProviderKey {
    const total = keys.reduce((sum, k) => sum + k.weight, 0);
    let point = this.#random() * total;
    for (const key of keys) {
      point -= key.weight;
      if (point < 0) return key;
    }
    return keys[keys.length - 1]!;
  }

  markBad(key: ProviderKey, status: number): void {
    this.#bad.set(key, { until: this.#now() + this.#cooldownMs, status });
    this.#events.onRejected?.(key, status);
  }

  badMark(key: ProviderKey): BadMark | undefined {
    const mark = this.#bad.get(key);
    return mark && mark.until > this.#now() ? mark : undefined;
  }

  failedOver(from: ProviderKey, to: ProviderKey): void {
    this.#events.onFailover?.(from, to);
  }
}

/** Answers that mean "this key is not (or no longer) good": revoked, disabled, wrong project. */
export function isKeyRejection(status: number): boolean {
  return status === 401 || status === 403;
}

/** A burst of refusals reads a secret again once per this long, not once per request. */
export const REJECTION_REFRESH_GAP_MS = 5_000;
const rejectionReads = new WeakMap<SecretHandle, { readonly at: number; readonly done: Promise<void> }>();

/** Reads a refused key's secret again, shared by every request refused meanwhile. */
function rereadAfterRejection(handle: SecretHandle): Promise<void> {
  const recent = rejectionReads.get(handle);
  if (recent && Date.now() - recent.at < REJECTION_REFRESH_GAP_MS) return recent.done;
  const done = handle.refresh().then(() => undefined);
  rejectionReads.set(handle, { at: Date.now(), done });
  return done;
}

/**
 * Sends one request with the ring's keys in turn: a 401/403 answer moves on to the next key and
 * marks the refused one. When every key was refused, each refused secret is read again (it may
 * have been rotated in the store since the last refresh) and a changed one is tried. The last
 * answer is returned as it is; a dropped answer is `discard`ed. Nothing has reached the client
 * while this runs, so a retry here is invisible to it.
 */
export async function sendWithKeys<R extends { readonly statusCode: number }>(
  ring: ProviderKeyRing | undefined,
  fallback: Secret,
  send: (key: Secret) => Promise<R>,
  discard: (response: R) => void,
): Promise<{ response: R; key: Secret }> {
  if (!ring) return { response: await send(fallback), key: fallback };
  let last: { response: R; key: Secret; entry: ProviderKey } | undefined;
  const refused: { entry: ProviderKey; key: Secret }[] = [];
  /** One attempt with this key's value of the moment; false when the provider refused it. */
  const attempt = async (entry: ProviderKey): Promise<boolean> => {
    if (last) {
      discard(last.response);
      if (last.entry !== entry) ring.failedOver(last.entry, entry);
    }
    // The value at this moment: the one the request is sent with, and scrubbed from its errors.
    const key = entry.handle.current;
    const response = await send(key);
    last = { response, key, entry };
    if (!isKeyRejection(response.statusCode)) return true;
    // Refused, but a refresh replaced the value meanwhile: the new value is not the refused one.
    if (entry.handle.current !== key) return attempt(entry);
    ring.markBad(entry, response.statusCode);
    refused.push({ entry, key });
    return false;
  };
  for (const entry of ring.plan()) {
    if (await attempt(entry)) return { response: last!.response, key: last!.key };
  }
  for (const { entry, key } of refused.splice(0)) {
    await rereadAfterRejection(entry.handle);
    if (entry.handle.current === key) continue;
    if (await attempt(entry)) return { response: last!.response, key: last!.key };
  }
  return { response: last!.response, key: last!.key };
}

/** A buffered call that fails over between keys, and tells which key answered. */
export interface KeyedBufferedCall extends BufferedCall {
  /** The key of the attempt in flight, or of the answer. */
  readonly key: Secret;
}

/**
 * The buffered (non-streamed) form of sendWithKeys: one BufferedCall to the proxy, whose abort
 * reaches the attempt in flight and stops further attempts.
 */
export function bufferedWithKeys(ring: ProviderKeyRing | undefined, fallback: Secret, send: (key: Secret) => BufferedCall): KeyedBufferedCall {
  let current: BufferedCall | undefined;
  let key = fallback;
  let aborted = false;
  const response = sendWithKeys<BufferedUpstreamResponse>(
    ring,
    fallback,
    (next) => {
      if (aborted) {
        const err = new Error('The request was aborted: the client went away.');
        err.name = 'AbortError';
        return Promise.reject(err);
      }
      key = next;
      current = send(next);
      return current.response;
    },
    () => undefined,
  ).then((result) => result.response);
  return {
    response,
    get aborted() {
      return aborted || (current?.aborted ?? false);
    },
    get statusCode() {
      return current?.statusCode ?? 0;
    },
    get key() {
      return key;
    },
    abort() {
      aborted = true;
      current?.abort();
    },
  };
}
