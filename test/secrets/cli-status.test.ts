import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import type { KeyStatusRow } from '../../src/cli/secrets.js';
import { createEnvSource } from '../../src/secrets/env-source.js';
import { createSecretResolver } from '../../src/secrets/resolve.js';
import { createVaultSource } from '../../src/secrets/vault-source.js';
import { startKeyedUpstream, type KeyedUpstream } from '../fakes/keyed-upstream.js';
import { startFakeVault, type FakeVault } from '../fakes/vault.js';
import { fakeProviderKey } from '../helpers/gateway.js';
import { startSecretsGateway, type SecretsGateway } from './gateway.js';

const VAULT_TOKEN = 'hvs.cli-status-token-0123456';
const DAY = 86_400_000;

function io(env: NodeJS.ProcessEnv): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, env, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

describe('portcullis secrets status', () => {
  let vault: FakeVault;
  let upstream: KeyedUpstream;
  let gw: SecretsGateway;
  let configPath: string;
  const primary = fakeProviderKey();
  const secondary = fakeProviderKey();

  beforeAll(async () => {
    vault = await startFakeVault();
    upstream = await startKeyedUpstream();
    vault.tokens.add(VAULT_TOKEN);
    vault.secrets.put('secret/openai', JSON.stringify({ primary, secondary }), new Date(Date.now() - 100 * DAY));
    upstream.accepted.add(secondary);
    const openai = { baseUrl: upstream.url, apiKeys: [{ name: 'primary', ref: 'vault:secret/data/openai#primary' }, { name: 'secondary', ref: 'vault:secret/data/openai#secondary' }] };
    const secrets = { vault: { address: vault.url, auth: { method: 'token' as const, token: 'env:VAULT_TOKEN' } }, refreshIntervalMs: 0 };
    gw = await startSecretsGateway({
      openai,
      secrets,
      sources: [createVaultSource({ address: vault.url, auth: { method: 'token', token: 'env:VAULT_TOKEN' }, timeoutMs: 2000, bootstrap: createSecretResolver([createEnvSource({ VAULT_TOKEN })]) })],
    });
    configPath = join(gw.dataDir, 'portcullis.json');
    writeFileSync(configPath, JSON.stringify({ dataDir: gw.dataDir, store: { kind: 'memory' }, secrets, environments: { prod: { providers: { openai: { type: 'openai', ...openai } } } } }));
    // One request: the primary is refused (revoked) and the secondary answers.
    const response = await fetch(`${gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${gw.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(response.status).toBe(200);
    await gw.gateway.secrets.refreshAll(); // writes the status file now
  });
  afterAll(async () => {
    await gw.close();
    await Promise.all([vault.close(), upstream.close()]);
  });

  it('shows the running gateway\'s versions, ages, refreshes and bad-key marks, never a value (--json)', async () => {
    const cli = io({});
    expect(await runCli(['secrets', 'status', '--config', configPath, '--json'], cli)).toBe(0);
    const out = JSON.parse(cli.stdout.join('')) as { source: string; keys: KeyStatusRow[]; counters: Record<string, number>; rotationMaxAgeDays: number };
    expect(out.source).toBe('gateway');
    expect(out.rotationMaxAgeDays).toBe(90);
    expect(out.counters).toMatchObject({ keyRejections: 1, keyFailovers: 1, refreshes: 2 });
    expect(out.keys.map((k) => [k.environment, k.provider, k.name, k.ref, k.version, Math.floor(k.ageDays ?? 0), k.tooOld, k.refresh, k.badStatus])).toEqual([
      ['prod', 'openai', 'primary', 'vault:secret/data/openai#primary', '1', 100, true, 'ok', 401],
      ['prod', 'openai', 'secondary', 'vault:secret/data/openai#secondary', '1', 100, true, 'ok', null],
    ]);
    expect(out.keys[0]?.badUntil).toMatch(/^\d{4}-/);
    const text = cli.stdout.join('\n');
    for (const value of [primary, secondary, VAULT_TOKEN]) expect(text).not.toContain(value);
  });

  it('prints a table, flags keys older than the policy', async () => {
    const cli = io({});
    expect(await runCli(['secrets', 'status', '--config', configPath], cli)).toBe(0);
    const text = cli.stdout.join('\n');
    expect(text).toContain('as the running gateway');
    expect(text).toMatch(/prod\s+openai\s+primary\s+vault:secret\/data\/openai#primary\s+1\s+100d \(!\)/);
    expect(text).toContain('(HTTP 401)');
    expect(text).toContain('older than the rotation policy (90 days)');
    for (const value of [primary, secondary]) expect(text).not.toContain(value);
  });

  it('--live reads the stores itself (versions and ages; values dropped); a failing read exits 1', async () => {
    const cli = io({ VAULT_TOKEN });
    expect(await runCli(['secrets', 'status', '--config', configPath, '--json', '--live'], cli)).toBe(0);
    const out = JSON.parse(cli.stdout.join('')) as { source: string; keys: KeyStatusRow[] };
    expect(out.source).toBe('live');
    expect(out.keys.map((k) => [k.name, k.version, k.refresh])).toEqual([['primary', '1', 'ok'], ['secondary', '1', 'ok']]);
    expect(cli.stdout.join('')).not.toContain(primary);

    const denied = io({ VAULT_TOKEN: 'hvs.not-a-valid-token' });
    expect(await runCli(['secrets', 'status', '--config', configPath, '--live'], denied)).toBe(1);
    expect(denied.stdout.join('\n')).toContain('Vault answered HTTP 403');
    expect(denied.stdout.join('\n')).not.toContain('hvs.not-a-valid-token');
  });

  it('refuses an unknown subcommand with the usage', async () => {
    const cli = io({});
    expect(await runCli(['secrets', 'rotate'], cli)).toBe(2);
    expect(cli.stderr.join('')).toContain('unknown secrets subcommand "rotate"');
  });
});
