import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretHandle } from '../../src/secrets/handle.js';
import { createSecretResolver } from '../../src/secrets/resolve.js';
import { createEnvSource } from '../../src/secrets/env-source.js';
import { createVaultSource } from '../../src/secrets/vault-source.js';
import { SecretError, type SecretSource } from '../../src/secrets/types.js';
import { startFakeAwsSecretsManager, type FakeAwsSecretsManager } from '../fakes/aws-secrets-manager.js';
import { startFakeAzureKeyVault, type FakeAzureKeyVault } from '../fakes/azure-keyvault.js';
import { startFakeGcpSecretManager, type FakeGcpSecretManager } from '../fakes/gcp-secret-manager.js';
import { startFakeVault, type FakeVault } from '../fakes/vault.js';
import { fakeProviderKey } from '../helpers/gateway.js';
import { awsSourceFor, azureSourceFor, gcpSourceFor } from './managers.js';

const DAY = 86_400_000;

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

/**
 * The same checks for every manager, through its real SDK client against its loopback fake:
 * fetch with version metadata, JSON field selection, a missing secret, refresh to a new version,
 * and a failed refresh keeping the last good value.
 */
interface ManagerCase {
  readonly name: string;
  start(): Promise<{ source: SecretSource; put(name: string, value: string, createdAt?: Date): void; setDown(down: boolean): void; close(): Promise<void> }>;
  /** The reference of a secret stored under `name` (a JSON object), selecting `field`. */
  ref(name: string, field: string): string;
  /** A stored name as the manager spells it. */
  readonly storedName: string;
  readonly missingRef: string;
}

const cases: ManagerCase[] = [
  {
    name: 'Vault KV v2 (token auth)',
    async start() {
      const fake = await startFakeVault();
      const token = 'hvs.test-token-0123456789';
      fake.tokens.add(token);
      const source = createVaultSource({ address: fake.url, auth: { method: 'token', token: 'env:VAULT_TOKEN' }, timeoutMs: 2000, bootstrap: createSecretResolver([createEnvSource({ VAULT_TOKEN: token })]) });
      return { source, put: (n, v, c) => fake.secrets.put(n, v, c), setDown: (d) => { fake.down = d; }, close: async () => { await source.close?.(); await fake.close(); } };
    },
    storedName: 'secret/openai',
    ref: (_name, field) => `vault:secret/data/openai#${field}`,
    missingRef: 'vault:secret/data/nothing#api_key',
  },
  {
    name: 'AWS Secrets Manager',
    async start() {
      const fake: FakeAwsSecretsManager = await startFakeAwsSecretsManager();
      const source = awsSourceFor(fake);
      return { source, put: (n, v, c) => fake.secrets.put(n, v, c), setDown: (d) => { fake.down = d; }, close: async () => { await source.close?.(); await fake.close(); } };
    },
    storedName: 'prod/openai',
    ref: (_name, field) => `aws:prod/openai#${field}`,
    missingRef: 'aws:prod/nothing#api_key',
  },
  {
    name: 'Azure Key Vault',
    async start() {
      const fake: FakeAzureKeyVault = await startFakeAzureKeyVault();
      const source = azureSourceFor(fake);
      return { source, put: (n, v, c) => fake.secrets.put(n, v, c), setDown: (d) => { fake.down = d; }, close: async () => { await source.close?.(); await fake.close(); } };
    },
    storedName: 'openai-prod',
    ref: (_name, field) => `azure:openai-prod#${field}`,
    missingRef: 'azure:nothing-here',
  },
  {
    name: 'GCP Secret Manager (REST)',
    async start() {
      const fake: FakeGcpSecretManager = await startFakeGcpSecretManager();
      const source = gcpSourceFor(fake);
      return { source, put: (n, v, c) => fake.secrets.put(n, v, c), setDown: (d) => { fake.down = d; }, close: async () => { await source.close?.(); await fake.close(); } };
    },
    storedName: 'openai-prod',
    ref: (_name, field) => `gcp:openai-prod#${field}`,
    missingRef: 'gcp:nothing-here',
  },
];

describe.each(cases)('$name through its SDK against a loopback fake', (c) => {
  let env: Awaited<ReturnType<ManagerCase['start']>>;
  const first = fakeProviderKey();
  const second = fakeProviderKey();
  const created = new Date(Date.now() - 100 * DAY);

  beforeAll(async () => {
    env = await c.start();
    env.put(c.storedName, JSON.stringify({ api_key: first, other: 'x' }), created);
  });
  afterAll(async () => {
    await env.close();
  });

  it('fetches the value, its version and the version creation time', async () => {
    const resolver = createSecretResolver([env.source]);
    const secret = await resolver.resolve(c.ref(c.storedName, 'api_key'));
    expect(secret.reveal()).toBe(first);
    expect(secret.ref).toBe(c.ref(c.storedName, 'api_key'));
    expect(secret.version).toMatch(/1$/);
    // Stores keep seconds (AWS, Azure) or finer (Vault, GCP).
    expect(Math.floor((secret.createdAt?.getTime() ?? 0) / 1000)).toBe(Math.floor(created.getTime() / 1000));
  });

  it('selects a JSON field, and names a missing field without the value', async () => {
    const resolver = createSecretResolver([env.source]);
    expect((await resolver.resolve(c.ref(c.storedName, 'other'))).reveal()).toBe('x');
    const err = await rejection(resolver.resolve(c.ref(c.storedName, 'nope')));
    expect(err).toBeInstanceOf(SecretError);
    expect(err.message).toContain('no field "nope"');
    expect(err.message).not.toContain(first);
  });

  it('refuses a missing secret with a SecretError naming the reference', async () => {
    const err = await rejection(createSecretResolver([env.source]).resolve(c.missingRef));
    expect(err).toBeInstanceOf(SecretError);
    expect(err.message).toContain(c.missingRef);
  });

  it('refresh: a new version is picked up; a failed refresh keeps the last good value', async () => {
    const handle = new SecretHandle(c.ref(c.storedName, 'api_key'), createSecretResolver([env.source]));
    expect((await handle.refresh()).kind).toBe('unchanged');
    expect(handle.current.reveal()).toBe(first);

    env.setDown(true);
    const failed = await handle.refresh();
    expect(failed.kind).toBe('failed');
    expect(handle.current.reveal()).toBe(first);
    expect(handle.state()).toMatchObject({ lastRefreshOk: false, consecutiveFailures: 1 });
    expect(JSON.stringify(handle.state())).not.toContain(first);

    env.setDown(false);
    env.put(c.storedName, JSON.stringify({ api_key: second }));
    const changes: string[] = [];
    handle.onChange((s) => changes.push(s.version ?? ''));
    expect((await handle.refresh()).kind).toBe('changed');
    expect(handle.current.reveal()).toBe(second);
    expect(handle.current.version).toMatch(/2$/);
    expect(changes).toHaveLength(1);
    expect(handle.state()).toMatchObject({ lastRefreshOk: true, consecutiveFailures: 0, lastError: null });
  });
});

describe('Vault specifics', () => {
  let vault: FakeVault;
  beforeAll(async () => {
    vault = await startFakeVault({ leaseSeconds: 3600 });
    vault.secrets.put('secret/openai', JSON.stringify({ api_key: 'sk-vault-value-0123456789' }));
    vault.secrets.put('secret/single', JSON.stringify({ only: 'single-value-0123456789' }));
  });
  afterAll(async () => {
    await vault.close();
  });

  it('logs in with AppRole once, sends the namespace, and logs in again after a 403', async () => {
    const source = createVaultSource({
      address: vault.url,
      namespace: 'team-a',
      auth: { method: 'approle', roleId: vault.approle.roleId, secretId: 'env:VAULT_SECRET_ID', mount: 'approle' },
      timeoutMs: 2000,
      bootstrap: createSecretResolver([createEnvSource({ VAULT_SECRET_ID: vault.approle.secretId })]),
    });
    const resolver = createSecretResolver([source]);
    const before = vault.logins;
    expect((await resolver.resolve('vault:secret/data/openai#api_key')).reveal()).toBe('sk-vault-value-0123456789');
    expect((await resolver.resolve('vault:secret/data/openai#api_key')).reveal()).toBe('sk-vault-value-0123456789');
    expect(vault.logins).toBe(before + 1);
    expect(vault.reads.at(-1)?.namespace).toBe('team-a');
    // The token is revoked in Vault: the next read gets 403, logs in again and succeeds.
    vault.tokens.clear();
    expect((await resolver.resolve('vault:secret/data/openai#api_key')).reveal()).toBe('sk-vault-value-0123456789');
    expect(vault.logins).toBe(before + 2);
    // A query string pins a version.
    vault.secrets.put('secret/openai', JSON.stringify({ api_key: 'sk-vault-newer-0123456789' }));
    expect((await resolver.resolve('vault:secret/data/openai#api_key')).reveal()).toBe('sk-vault-newer-0123456789');
    const pinned = await resolver.resolve('vault:secret/data/openai?version=1#api_key');
    expect([pinned.reveal(), pinned.version]).toEqual(['sk-vault-value-0123456789', '1']);
    await source.close?.();
  });

  it('takes the only field when none is named, and refuses a wrong secret id without showing it', async () => {
    const token = 'hvs.other-token-0123456789';
    vault.tokens.add(token);
    const source = createVaultSource({ address: vault.url, auth: { method: 'token', token: 'env:T' }, timeoutMs: 2000, bootstrap: createSecretResolver([createEnvSource({ T: token })]) });
    expect((await createSecretResolver([source]).resolve('vault:secret/data/single')).reveal()).toBe('single-value-0123456789');
    const bad = createVaultSource({
      address: vault.url,
      auth: { method: 'approle', roleId: vault.approle.roleId, secretId: 'env:S', mount: 'approle' },
      timeoutMs: 2000,
      bootstrap: createSecretResolver([createEnvSource({ S: 'wrong-secret-id-value' })]),
    });
    const err = await rejection(createSecretResolver([bad]).resolve('vault:secret/data/openai#api_key'));
    expect(err).toBeInstanceOf(SecretError);
    expect(err.message).toContain('AppRole login');
    expect(err.message).not.toContain('wrong-secret-id-value');
    await source.close?.();
    await bad.close?.();
  });
});
