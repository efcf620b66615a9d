import { describe, expect, it } from 'vitest';
import { SecretHandle } from '../secrets/handle.js';
import { Secret } from '../secrets/secret.js';
import type { SecretResolver } from '../secrets/resolve.js';
import { ProviderKeyRing, sendWithKeys, type ProviderKey } from './provider-keys.js';

/** A resolver over a mutable map: what the store holds right now. */
function store(values: Record<string, string>): SecretResolver & { values: Record<string, string>; reads: number } {
  const out = {
    values,
    reads: 0,
    resolve(ref: string) {
      out.reads += 1;
      const value = out.values[ref];
      return value === undefined ? Promise.reject(new Error(`no ${ref}`)) : Promise.resolve(new Secret(value, ref));
    },
  };
  return out;
}

async function keys(resolver: SecretResolver, specs: [string, number][]): Promise<ProviderKey[]> {
  return Promise.all(
    specs.map(async ([ref, weight], i) => {
      const handle = new SecretHandle(ref, resolver);
      await handle.refresh();
      return { name: `key-${i + 1}`, ref, weight, handle };
    }),
  );
}

describe('ProviderKeyRing', () => {
  it('ordered: the first healthy key leads; a refused key goes last until its cooldown ends', async () => {
    let now = 1_000;
    const s = store({ a: 'A', b: 'B', c: 'C' });
    const ring = new ProviderKeyRing(await keys(s, [['a', 1], ['b', 1], ['c', 1]]), { cooldownMs: 100, now: () => now });
    expect(ring.plan().map((k) => k.ref)).toEqual(['a', 'b', 'c']);
    expect(ring.live.reveal()).toBe('A');
    ring.markBad(ring.keys[0]!, 401);
    now += 10;
    ring.markBad(ring.keys[1]!, 403);
    expect(ring.plan().map((k) => k.ref)).toEqual(['c', 'a', 'b']);
    expect(ring.live.reveal()).toBe('C');
    expect(ring.badMark(ring.keys[1]!)).toEqual({ until: 1_110, status: 403 });
    now += 95; // a's cooldown is over, b's is not
    expect(ring.plan().map((k) => k.ref)).toEqual(['a', 'c', 'b']);
  });

  it('weighted: healthy keys lead in proportion to their weights', async () => {
    let seed = 7;
    const random = (): number => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const ring = new ProviderKeyRing(await keys(store({ a: 'A', b: 'B' }), [['a', 3], ['b', 1]]), { selection: 'weighted', cooldownMs: 100, random });
    const firsts = Array.from({ length: 4000 }, () => ring.plan()[0]!.ref);
    const shareA = firsts.filter((r) => r === 'a').length / firsts.length;
    expect(shareA).toBeGreaterThan(0.7);
    expect(shareA).toBeLessThan(0.8);
    // Every plan still holds every key, for failover.
    expect(new Set(ring.plan().map((k) => k.ref))).toEqual(new Set(['a', 'b']));
  });

  it('forgets a bad mark when the key\'s secret gets a new value', async () => {
    const s = store({ a: 'A', b: 'B' });
    const ring = new ProviderKeyRing(await keys(s, [['a', 1], ['b', 1]]), { cooldownMs: 60_000 });
    ring.markBad(ring.keys[0]!, 401);
    expect(ring.plan()[0]!.ref).toBe('b');
    s.values.a = 'A2';
    expect((await ring.keys[0]!.handle.refresh()).kind).toBe('changed');
    expect(ring.plan()[0]!.ref).toBe('a');
    expect(ring.badMark(ring.keys[0]!)).toBeUndefined();
  });
});

describe('sendWithKeys', () => {
  const answer = (accepted: Set<string>) => {
    const sent: string[] = [];
    const discarded: number[] = [];
    return {
      sent,
      discarded,
      send: (key: Secret) => {
        sent.push(key.reveal());
        return Promise.resolve({ statusCode: accepted.has(key.reveal()) ? 200 : 401 });
      },
      discard: (r: { statusCode: number }) => {
        discarded.push(r.statusCode);
      },
    };
  };

  it('fails over on 401/403 to the next key, marks the refused one, discards the refused answer', async () => {
    const rejected: string[] = [];
    const ring = new ProviderKeyRing(await keys(store({ a: 'A', b: 'B' }), [['a', 1], ['b', 1]]), {
      cooldownMs: 60_000,
      events: { onRejected: (k, status) => rejected.push(`${k.name}:${status}`) },
    });
    const call = answer(new Set(['B']));
    const result = await sendWithKeys(ring, ring.live, call.send, call.discard);
    expect(result.response.statusCode).toBe(200);
    expect(result.key.reveal()).toBe('B');
    expect(call.sent).toEqual(['A', 'B']);
    expect(call.discarded).toEqual([401]);
    expect(rejected).toEqual(['key-1:401']);
    // The next request starts with the healthy key.
    const next = answer(new Set(['B']));
    await sendWithKeys(ring, ring.live, next.send, next.discard);
    expect(next.sent).toEqual(['B']);
  });

  it('passes other errors through without failover', async () => {
    const ring = new ProviderKeyRing(await keys(store({ a: 'A', b: 'B' }), [['a', 1], ['b', 1]]), { cooldownMs: 60_000 });
    const sent: string[] = [];
    const result = await sendWithKeys(ring, ring.live, (key) => {
      sent.push(key.reveal());
      return Promise.resolve({ statusCode: 429 });
    }, () => undefined);
    expect(result.response.statusCode).toBe(429);
    expect(sent).toEqual(['A']);
  });

  it('every key refused: reads the refused secrets again and tries a changed one; else returns the last refusal', async () => {
    const s = store({ a: 'A', b: 'B' });
    const ring = new ProviderKeyRing(await keys(s, [['a', 1], ['b', 1]]), { cooldownMs: 60_000 });
    s.values.b = 'B2';
    const call = answer(new Set(['B2']));
    const result = await sendWithKeys(ring, ring.live, call.send, call.discard);
    expect(call.sent).toEqual(['A', 'B', 'B2']);
    expect(result.key.reveal()).toBe('B2');

    const none = answer(new Set());
    const failed = await sendWithKeys(ring, ring.live, none.send, none.discard);
    expect(failed.response.statusCode).toBe(401);
  });

  it('without a ring (the built-in mock) sends once with the fallback key', async () => {
    const call = answer(new Set());
    const result = await sendWithKeys(undefined, new Secret('M', 'mock:built-in'), call.send, call.discard);
    expect(result.response.statusCode).toBe(401);
    expect(call.sent).toEqual(['M']);
  });
});
