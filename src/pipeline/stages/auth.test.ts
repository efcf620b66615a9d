import { describe, expect, it } from 'vitest';
import { makeContext } from '../../../test/helpers/context.js';
import { issueKey, rotateKeySecret } from '../../keys/issue.js';
import type { EnvironmentRuntime } from '../../providers/environments.js';
import { ROUTES } from '../../providers/routes.js';
import { generateGatewayKey, hashGatewayKey } from '../../secrets/gateway-key.js';
import { createMemoryStore } from '../../store/memory/memory-store.js';
import type { Store } from '../../store/types.js';
import type { Decision, RequestContext } from '../types.js';
import { createAuthStage } from './auth.js';

const T0 = new Date('2025-03-01T12:00:00.000Z');
const HOUR = 3_600_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

function environments(...names: string[]): Map<string, EnvironmentRuntime> {
  return new Map(names.map((name) => [name, { name, allowedModels: null, providers: {} }]));
}

interface Setup {
  store: Store;
  run: (ctx: RequestContext, now?: Date) => Promise<Decision>;
}

function setup(envs = environments('dev', 'prod')): Setup {
  const store = createMemoryStore();
  return {
    store,
    run(ctx, now = T0) {
      return Promise.resolve(createAuthStage({ keys: store, environments: envs, now: () => now }).run(ctx));
    },
  };
}

const providerKey = () => 'sk-' + 'x'.repeat(40);
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

function expectDeny(decision: Decision, code: string): void {
  expect(decision.type).toBe('deny');
  if (decision.type === 'deny') {
    expect(decision.code).toBe(code);
    expect(decision.message.length).toBeGreaterThan(0);
  }
}

describe('auth stage: accepted keys', () => {
  it('accepts a gateway key as Authorization: Bearer and sets key and environment', async () => {
    const { store, run } = setup();
    const { key, record } = await issueKey(store, { name: 'app', environment: 'dev' }, T0);
    const ctx = makeContext({ headers: bearer(key) });
    expect(await run(ctx)).toEqual({ type: 'allow' });
    expect(ctx.key?.id).toBe(record.id);
    expect(ctx.environment).toBe('dev');
  });

  it('accepts the bearer scheme in any case and extra spaces', async () => {
    const { store, run } = setup();
    const { key } = await issueKey(store, { name: 'app', environment: 'dev' }, T0);
    expect((await run(makeContext({ headers: { authorization: `bearer   ${key}  ` } }))).type).toBe('allow');
  });

  it('accepts x-api-key (Anthropic 0.x) and api-key (Azure)', async () => {
    const { store, run } = setup();
    const { key } = await issueKey(store, { name: 'app', environment: 'prod' }, T0);
    const viaX = makeContext({ route: ROUTES.messages, headers: { 'x-api-key': key } });
    expect((await run(viaX)).type).toBe('allow');
    expect(viaX.environment).toBe('prod');
    const viaAzure = makeContext({ headers: { 'api-key': ` ${key} ` } });
    expect((await run(viaAzure)).type).toBe('allow');
  });

  it('accepts the same key in two headers', async () => {
    const { store, run } = setup();
    const { key } = await issueKey(store, { name: 'app', environment: 'dev' }, T0);
    expect((await run(makeContext({ headers: { ...bearer(key), 'x-api-key': key } }))).type).toBe('allow');
  });

  it('accepts a key that has not yet expired', async () => {
    const { store, run } = setup();
    const { key } = await issueKey(store, { name: 'app', environment: 'dev', expiresInMs: HOUR }, T0);
    expect((await run(makeContext({ headers: bearer(key) }), at(HOUR - 1))).type).toBe('allow');
  });

  it('allows harmless query parameters', async () => {
    const { store, run } = setup();
    const { key } = await issueKey(store, { name: 'app', environment: 'dev' }, T0);
    expect((await run(makeContext({ headers: bearer(key), query: 'api-version=2024-10-21&limit=20' }))).type).toBe('allow');
  });
});

describe('auth stage: refused keys', () => {
  it('refuses a request without a key', async () => {
    const { run } = setup();
    const ctx = makeContext();
    expectDeny(await run(ctx), 'missing_api_key');
    expect(ctx.key).toBeUndefined();
    expectDeny(await run(makeContext({ headers: { 'x-api-key': '   ' } })), 'missing_api_key');
  });

  it.each([
    ['Authorization: Bearer', (k: string) => bearer(k)],
    ['x-api-key', (k: string) => ({ 'x-api-key': k })],
    ['api-key', (k: string) => ({ 'api-key': k })],
  ])('refuses a provider key sent as %s', async (_label, headers) => {
    const { run } = setup();
    const decision = await run(makeContext({ headers: headers(providerKey()) }));
    expectDeny(decision, 'provider_key_refused');
    if (decision.type === 'deny') expect(decision.message).not.toContain(providerKey());
  });

  it('refuses Anthropic and project-scoped provider keys', async () => {
    const { run } = setup();
    for (const key of ['sk-ant-api03-' + 'y'.repeat(40), 'sk-proj-' + 'z'.repeat(40), 'sk-svcacct-' + 'w'.repeat(40)]) {
      expectDeny(await run(makeContext({ headers: { 'x-api-key': key } })), 'provider_key_refused');
    }
  });

  it('refuses a provider key even when a valid gateway key is also present', async () => {
    const { store, run } = setup();
    const { key } = await issueKey(store, { name: 'app', environment: 'dev' }, T0);
    const first = makeContext({ headers: { ...bearer(key), 'x-api-key': providerKey() } });
    expectDeny(await run(first), 'provider_key_refused');
    expect(first.key).toBeUndefined();
    expectDeny(await run(makeContext({ headers: { ...bearer(providerKey()), 'x-api-key': key } })), 'provider_key_refused');
  });

  it.each([
    'key',
    'api_key',
    'api-key',
    'apikey',
    'API_KEY',
    'access_token',
    'token',
    'x-api-key',
  ])('refuses a credential parameter ?%s= in the URL', async (name) => {
    const { store, run } = setup();
    const { key } = await issueKey(store, { name: 'app', environment: 'dev' }, T0);
    expectDeny(await run(makeContext({ headers: bearer(key), query: `${name}=${key}` })), 'key_in_query_refused');
  });

  it('refuses a key-shaped value under any query parameter name', async () => {
    const { store, run } = setup();
    const { key } = await issueKey(store, { name: 'app', environment: 'dev' }, T0);
    expectDeny(await run(makeContext({ headers: bearer(key), query: `q=${key}` })), 'key_in_query_refused');
    expectDeny(await run(makeContext({ headers: bearer(key), query: `x=${providerKey()}` })), 'key_in_query_refused');
  });

  it('refuses a well-formed key that was never issued', async () => {
    const { run } = setup();
    expectDeny(await run(makeContext({ headers: bearer(`pcl_dev_${'A'.repeat(43)}`) })), 'invalid_api_key');
  });

  it('refuses a token that is not a gateway key', async () => {
    const { run } = setup();
    for (const token of ['hello', `pcl_dev_${'A'.repeat(10)}`, 'Basic dXNlcjpwYXNz']) {
      expectDeny(await run(makeContext({ headers: { authorization: token } })), 'invalid_api_key');
    }
  });

  it('refuses an issued key whose environment prefix was changed', async () => {
    const { store, run } = setup();
    const { key } = await issueKey(store, { name: 'app', environment: 'dev' }, T0);
    const swapped = key.replace(/^pcl_dev_/, 'pcl_prod_');
    expect(swapped).not.toBe(key);
    expectDeny(await run(makeContext({ headers: bearer(swapped) })), 'invalid_api_key');
  });

  it('refuses a stored key whose environment differs from the key prefix', async () => {
    // Defence in depth: even if a store held a dev-prefixed secret under a prod key record, the
    // prefix the client sees must name the environment the key acts in.
    const { store, run } = setup();
    const { record } = await issueKey(store, { name: 'prod-app', environment: 'prod' }, T0);
    const devShaped = generateGatewayKey('dev');
    await store.insertKey({ ...record, id: 'key_mismatch000000' }, hashGatewayKey(devShaped));
    const ctx = makeContext({ headers: bearer(devShaped) });
    expectDeny(await run(ctx), 'invalid_api_key');
    expect(ctx.key).toBeUndefined();
  });

  it('refuses a store match whose secret hash is not the presented one', async () => {
    // A store that matched loosely (a bad index, a prefix query) must not let a key in.
    const store = createMemoryStore();
    const { key } = await issueKey(store, { name: 'app', environment: 'dev' }, T0);
    const loose: Store = {
      ...store,
      async findKeyBySecretHash(hash, now) {
        const match = await store.findKeyBySecretHash(hash, now);
        return match ? { ...match, secretHash: hashGatewayKey('something else') } : undefined;
      },
    };
    const stage = createAuthStage({ keys: loose, environments: environments('dev'), now: () => T0 });
    const ctx = makeContext({ headers: bearer(key) });
    expectDeny(await stage.run(ctx), 'invalid_api_key');
    expect(ctx.key).toBeUndefined();
  });

  it('decides without a promise when the store looks keys up synchronously, and with one otherwise', async () => {
    const store = createMemoryStore();
    const { key } = await issueKey(store, { name: 'app', environment: 'dev' }, T0);
    const sync = createAuthStage({ keys: store, environments: environments('dev'), now: () => T0 });
    const ctx = makeContext({ headers: bearer(key) });
    expect(sync.run(ctx)).toEqual({ type: 'allow' });
    expect(ctx.key?.name).toBe('app');
    // A store whose lookup was replaced (a wrapper, a test double) is always asked through it.
    const wrapped: Store = { ...store, findKeyBySecretHash: (hash, now) => store.findKeyBySecretHash(hash, now) };
    const asyncOnly = createAuthStage({ keys: wrapped, environments: environments('dev'), now: () => T0 });
    const later = makeContext({ headers: bearer(key) });
    const pending = asyncOnly.run(later);
    expect(pending).toBeInstanceOf(Promise);
    expect(await pending).toEqual({ type: 'allow' });
    expect(later.key?.name).toBe('app');
  });

  it('refuses a key whose environment this gateway does not serve', async () => {
    const { store, run } = setup(environments('prod'));
    const { key } = await issueKey(store, { name: 'app', environment: 'dev' }, T0);
    const decision = await run(makeContext({ headers: bearer(key) }));
    expectDeny(decision, 'invalid_api_key');
    if (decision.type === 'deny') expect(decision.message).toContain('"dev"');
  });

  it('refuses two different keys in two headers', async () => {
    const { store, run } = setup();
    const a = await issueKey(store, { name: 'a', environment: 'dev' }, T0);
    const b = await issueKey(store, { name: 'b', environment: 'dev' }, T0);
    const ctx = makeContext({ headers: { ...bearer(a.key), 'x-api-key': b.key } });
    expectDeny(await run(ctx), 'invalid_api_key');
    expect(ctx.key).toBeUndefined();
    expectDeny(await run(makeContext({ headers: { 'x-api-key': a.key, 'api-key': b.key } })), 'invalid_api_key');
  });

  it('refuses a revoked key', async () => {
    const { store, run } = setup();
    const { key, record } = await issueKey(store, { name: 'app', environment: 'dev' }, T0);
    expect(await store.revokeKey(record.id, at(1000))).toBe(true);
    const decision = await run(makeContext({ headers: bearer(key) }), at(2000));
    expectDeny(decision, 'key_revoked');
    if (decision.type === 'deny') expect(decision.message).toContain(record.id);
  });

  it('refuses an expired key from its expiry time on', async () => {
    const { store, run } = setup();
    const { key } = await issueKey(store, { name: 'app', environment: 'dev', expiresInMs: HOUR }, T0);
    expectDeny(await run(makeContext({ headers: bearer(key) }), at(HOUR)), 'key_expired');
    expectDeny(await run(makeContext({ headers: bearer(key) }), at(48 * HOUR)), 'key_expired');
  });

  it('never puts the presented key in a denial message', async () => {
    const { store, run } = setup(environments('prod'));
    const { key, record } = await issueKey(store, { name: 'app', environment: 'dev', expiresInMs: 1 }, T0);
    const other = await issueKey(store, { name: 'b', environment: 'dev' }, T0);
    await store.revokeKey(record.id, T0);
    const decisions = [
      await run(makeContext({ headers: bearer(key) }), at(HOUR)),
      await run(makeContext({ headers: { ...bearer(key), 'x-api-key': other.key } })),
      await run(makeContext({ headers: bearer(other.key) })),
      await run(makeContext({ headers: bearer(key), query: `key=${key}` })),
    ];
    for (const d of decisions) {
      expect(d.type).toBe('deny');
      if (d.type === 'deny') {
        expect(d.message).not.toContain(key);
        expect(d.message).not.toContain(other.key);
      }
    }
  });
});

describe('auth stage: rotation', () => {
  it('keeps the old secret valid during the grace period and refuses it after', async () => {
    const { store, run } = setup();
    const { key: oldKey, record } = await issueKey(store, { name: 'app', environment: 'dev' }, T0);
    const rotatedAt = at(HOUR);
    const { key: newKey, previousValidUntil } = await rotateKeySecret(store, record.id, 24 * HOUR, rotatedAt);
    expect(previousValidUntil).toBe(at(25 * HOUR).toISOString());
    expect(newKey).not.toBe(oldKey);

    const during = makeContext({ headers: bearer(oldKey) });
    expect((await run(during, at(2 * HOUR))).type).toBe('allow');
    expect(during.key?.id).toBe(record.id);
    expect((await run(makeContext({ headers: bearer(oldKey) }), at(25 * HOUR - 1))).type).toBe('allow');

    expectDeny(await run(makeContext({ headers: bearer(oldKey) }), at(25 * HOUR)), 'invalid_api_key');
    expectDeny(await run(makeContext({ headers: bearer(oldKey) }), at(30 * HOUR)), 'invalid_api_key');

    const after = makeContext({ headers: bearer(newKey) });
    expect((await run(after, at(30 * HOUR))).type).toBe('allow');
    expect(after.key?.id).toBe(record.id);
  });

  it('refuses the old secret at once with no grace', async () => {
    const { store, run } = setup();
    const { key: oldKey, record } = await issueKey(store, { name: 'app', environment: 'dev' }, T0);
    const { key: newKey } = await rotateKeySecret(store, record.id, 0, at(HOUR));
    expectDeny(await run(makeContext({ headers: bearer(oldKey) }), at(HOUR)), 'invalid_api_key');
    expect((await run(makeContext({ headers: bearer(newKey) }), at(HOUR))).type).toBe('allow');
  });

  it('refuses both secrets after the key is revoked', async () => {
    const { store, run } = setup();
    const { key: oldKey, record } = await issueKey(store, { name: 'app', environment: 'dev' }, T0);
    const { key: newKey } = await rotateKeySecret(store, record.id, 24 * HOUR, at(HOUR));
    await store.revokeKey(record.id, at(2 * HOUR));
    expectDeny(await run(makeContext({ headers: bearer(oldKey) }), at(3 * HOUR)), 'key_revoked');
    expectDeny(await run(makeContext({ headers: bearer(newKey) }), at(3 * HOUR)), 'key_revoked');
  });
});
