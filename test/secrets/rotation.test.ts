import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretResolver } from '../../src/secrets/resolve.js';
import { createEnvSource } from '../../src/secrets/env-source.js';
import { createVaultSource } from '../../src/secrets/vault-source.js';
import { startFakeAwsSecretsManager, type FakeAwsSecretsManager } from '../fakes/aws-secrets-manager.js';
import { startKeyedUpstream, type KeyedUpstream } from '../fakes/keyed-upstream.js';
import { startFakeVault, type FakeVault } from '../fakes/vault.js';
import { eventually, fakeProviderKey } from '../helpers/gateway.js';
import { runLoad, startSecretsGateway, type SecretsGateway } from './gateway.js';
import { awsSourceFor } from './managers.js';

const VAULT_TOKEN = 'hvs.rotation-test-token-0123';
const DAY = 86_400_000;

/**
 * Zero-downtime rotation: many parallel requests through the OpenAI SDK (SDK retries off, so a
 * failure cannot hide) while the key in the secrets manager changes and the old key is revoked
 * at the provider. Every request must succeed.
 */
describe('provider key rotation under load', () => {
  let upstream: KeyedUpstream;
  let vault: FakeVault;
  let aws: FakeAwsSecretsManager;
  let gw: SecretsGateway | undefined;

  afterEach(async () => {
    await gw?.close();
    gw = undefined;
    await Promise.all([upstream.close(), vault.close(), aws.close()]);
  });

  async function setUp(openai: Record<string, unknown>, refreshIntervalMs: number, seed: () => void): Promise<{ client: OpenAI; gw: SecretsGateway }> {
    upstream = await startKeyedUpstream();
    vault = await startFakeVault();
    aws = await startFakeAwsSecretsManager();
    vault.tokens.add(VAULT_TOKEN);
    seed();
    const vaultSource = createVaultSource({ address: vault.url, auth: { method: 'token', token: 'env:VAULT_TOKEN' }, timeoutMs: 2000, bootstrap: createSecretResolver([createEnvSource({ VAULT_TOKEN })]) });
    const started = await startSecretsGateway({
      openai: { baseUrl: upstream.url, ...openai },
      secrets: { vault: { address: vault.url, auth: { method: 'token', token: 'env:VAULT_TOKEN' } }, aws: { region: 'us-east-1', endpoint: aws.url }, refreshIntervalMs },
      sources: [vaultSource, awsSourceFor(aws)],
    });
    gw = started;
    return { client: new OpenAI({ baseURL: `${started.url}/v1`, apiKey: started.key, maxRetries: 0 }), gw: started };
  }

  /** Every third call streams; each checks the answer it got. */
  const ask = async (client: OpenAI, i: number): Promise<void> => {
    const messages = [{ role: 'user' as const, content: `hi ${i}` }];
    if (i % 3 === 0) {
      const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      if (text !== 'ok') throw new Error(`stream ${i} answered "${text}"`);
      return;
    }
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    if (completion.choices[0]?.message.content !== 'ok') throw new Error(`call ${i} answered wrongly`);
  };

  it('primary (Vault) rotated and its old key revoked before the gateway refreshed: requests fail over to the secondary (AWS), then use the new primary', async () => {
    const [a, a2, b] = [fakeProviderKey(), fakeProviderKey(), fakeProviderKey()];
    const { client, gw } = await setUp(
      { apiKeys: [{ name: 'primary', ref: 'vault:secret/data/openai#api_key' }, { name: 'secondary', ref: 'aws:prod/openai#api_key' }] },
      0, // refresh driven by the test, so requests certainly meet the revoked key first
      () => {
        vault.secrets.put('secret/openai', JSON.stringify({ api_key: a }));
        aws.secrets.put('prod/openai', JSON.stringify({ api_key: b }));
      },
    );
    upstream.accepted.add(a).add(b);
    expect(await runLoad(60, 12, (i) => ask(client, i))).toEqual(new Array(60).fill(null));
    expect(new Set(upstream.seen.map((s) => s.key))).toEqual(new Set([a]));

    // Rotation in the store and revocation at the provider, both before the gateway noticed.
    vault.secrets.put('secret/openai', JSON.stringify({ api_key: a2 }));
    upstream.accepted.add(a2);
    upstream.accepted.delete(a);
    const mark = upstream.seen.length;
    let refresh: Promise<void> | undefined;
    const errors = await runLoad(150, 15, async (i) => {
      if (i === 60) refresh = gw.gateway.secrets.refreshAll();
      await ask(client, i);
    });
    await refresh;
    expect(errors).toEqual(new Array(150).fill(null));
    const during = upstream.seen.slice(mark);
    expect(during.some((s) => s.key === a && s.status === 401)).toBe(true);
    expect(during.some((s) => s.key === b && s.status === 200)).toBe(true);

    // After the refresh the new primary serves again (its bad mark went with the old value).
    const after = upstream.seen.length;
    expect(await runLoad(30, 10, (i) => ask(client, i))).toEqual(new Array(30).fill(null));
    expect(new Set(upstream.seen.slice(after).map((s) => s.key))).toEqual(new Set([a2]));

    const counters = gw.gateway.secrets.counters();
    expect(counters.keyRejections).toBeGreaterThan(0);
    expect(counters.keyFailovers).toBeGreaterThan(0);
    expect(counters.rotations).toBe(1);
    expect(gw.alerts('provider_key_rejected')).toHaveLength(1);
    for (const value of [a, a2, b]) expect(gw.logs.join('\n')).not.toContain(value);
  }, 60_000);

  it('one key, refreshed on a timer, old key revoked once the new one is in use (the runbook): no request fails', async () => {
    const [a, a2] = [fakeProviderKey(), fakeProviderKey()];
    const { client } = await setUp({ apiKey: 'aws:prod/openai#api_key' }, 150, () => {
      aws.secrets.put('prod/openai', JSON.stringify({ api_key: a }));
    });
    upstream.accepted.add(a);
    let stop = false;
    let sent = 0;
    const load = runLoad(10, 10, async () => {
      while (!stop) {
        const i = sent++;
        await ask(client, i);
      }
    });
    await eventually(() => sent > 30, 20_000);
    // Step 1-2 of the runbook: a second key at the provider, stored as the new version.
    upstream.accepted.add(a2);
    aws.secrets.put('prod/openai', JSON.stringify({ api_key: a2 }));
    // Step 3: wait until the gateway uses it; step 4: revoke the old key.
    await eventually(() => upstream.seen.some((s) => s.key === a2), 20_000);
    upstream.accepted.delete(a);
    const revokedAt = sent;
    await eventually(() => sent > revokedAt + 30, 20_000);
    stop = true;
    expect((await load).filter(Boolean)).toEqual([]);
    expect(upstream.seen.every((s) => s.status === 200)).toBe(true);
  }, 60_000);

  it('one key revoked at the provider the moment it was rotated in the store: the refused requests read the store again and succeed', async () => {
    const [a, a2] = [fakeProviderKey(), fakeProviderKey()];
    const { client, gw } = await setUp({ apiKey: 'vault:secret/data/openai#api_key' }, 0, () => {
      vault.secrets.put('secret/openai', JSON.stringify({ api_key: a }));
    });
    upstream.accepted.add(a);
    expect(await runLoad(20, 10, (i) => ask(client, i))).toEqual(new Array(20).fill(null));
    vault.secrets.put('secret/openai', JSON.stringify({ api_key: a2 }));
    upstream.accepted.add(a2);
    upstream.accepted.delete(a);
    const readsBefore = vault.reads.length;
    expect(await runLoad(80, 16, (i) => ask(client, i))).toEqual(new Array(80).fill(null));
    // A burst of refusals reads the store a few times at most, not once per request.
    expect(vault.reads.length - readsBefore).toBeLessThanOrEqual(3);
    expect(gw.gateway.secrets.counters().rotations).toBe(1);
  }, 60_000);

  it('every key refused: 503 provider_key_unavailable through the SDK, with no key in the answer', async () => {
    const [a, b] = [fakeProviderKey(), fakeProviderKey()];
    const { client, gw } = await setUp(
      { apiKeys: [{ ref: 'vault:secret/data/openai#api_key' }, { ref: 'aws:prod/openai#api_key' }] },
      0,
      () => {
        vault.secrets.put('secret/openai', JSON.stringify({ api_key: a }));
        aws.secrets.put('prod/openai', JSON.stringify({ api_key: b }));
      },
    );
    let caught: unknown;
    try {
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(OpenAI.APIError);
    const apiError = caught as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(503);
    expect(apiError.code).toBe('provider_key_unavailable');
    expect(JSON.stringify(apiError.error)).not.toContain(a);
    expect(JSON.stringify(apiError.error)).not.toContain(b);
    expect(upstream.seen.map((s) => s.key)).toEqual([a, b]);
    const status = gw.gateway.secrets.status();
    expect(status.providerKeys.map((k) => [k.name, k.badStatus])).toEqual([['key-1', 401], ['key-2', 401]]);
  }, 30_000);

  it('a failed refresh keeps the last good key, raises an alert and counts; values never logged', async () => {
    const a = fakeProviderKey();
    const { client, gw } = await setUp({ apiKey: 'vault:secret/data/openai#api_key' }, 0, () => {
      vault.secrets.put('secret/openai', JSON.stringify({ api_key: a }), new Date(Date.now() - 120 * DAY));
    });
    upstream.accepted.add(a);
    vault.down = true;
    await gw.gateway.secrets.refreshAll();
    await gw.gateway.secrets.refreshAll();
    expect(await runLoad(10, 5, (i) => ask(client, i))).toEqual(new Array(10).fill(null));
    // One alert when the failure streak starts (repeated hourly while it lasts), every failure counted.
    const alerts = gw.alerts('secret_refresh_failed');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ subject: 'vault:secret/data/openai#api_key', evidence: { consecutiveFailures: 1 } });
    expect(JSON.stringify(alerts)).not.toContain(a);
    expect(gw.gateway.secrets.counters()).toMatchObject({ refreshes: 2, refreshFailures: 2 });
    expect(gw.gateway.secrets.metrics().secrets).toEqual([
      { ref: 'vault:secret/data/openai#api_key', ageSeconds: expect.any(Number) as number, failing: true, consecutiveFailures: 2 },
    ]);
    // The version is 120 days old: older than the 90-day policy, warned about once.
    expect(gw.alerts('provider_key_old')).toHaveLength(1);
    expect(gw.alerts('provider_key_old')[0]?.evidence).toMatchObject({ ageDays: 120, maxAgeDays: 90 });
    vault.down = false;
    await gw.gateway.secrets.refreshAll();
    expect(gw.gateway.secrets.status().secrets[0]).toMatchObject({ lastRefreshOk: true, consecutiveFailures: 0, tooOld: true });
    expect(gw.logs.join('\n')).not.toContain(a);
  }, 30_000);
});
