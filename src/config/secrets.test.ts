import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';
import { isProductionEnvironment, providerKeySpecs } from './secrets.js';

function configError(input: unknown): string {
  try {
    parseConfig(input);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a configuration error');
}

const openai = (fields: Record<string, unknown>) => ({ environments: { prod: { providers: { openai: { type: 'openai', ...fields } } } } });

describe('secrets configuration', () => {
  it('has safe defaults: refresh every 5 minutes, 90-day rotation policy, 14-day expiry reminders', () => {
    const config = parseConfig(openai({ apiKey: 'env:K' }));
    expect(config.secrets).toEqual({
      refreshIntervalMs: 300_000,
      rotationMaxAgeDays: 90,
      badKeyCooldownMs: 600_000,
      gatewayKeys: { expiryReminderDays: 14, checkIntervalMs: 3_600_000 },
    });
  });

  it('takes several keys per provider, named or by position, with weights', () => {
    const config = parseConfig(openai({ apiKeys: [{ ref: 'file:/run/a', name: 'primary' }, { ref: 'file:/run/b', weight: 3 }], keySelection: 'weighted' }));
    const provider = config.environments.prod!.providers.openai!;
    expect(providerKeySpecs(provider)).toEqual([
      { name: 'primary', ref: 'file:/run/a', weight: 1 },
      { name: 'key-2', ref: 'file:/run/b', weight: 3 },
    ]);
    expect(providerKeySpecs(parseConfig(openai({ apiKey: 'env:K' })).environments.prod!.providers.openai!)).toEqual([{ name: 'primary', ref: 'env:K', weight: 1 }]);
  });

  it.each([
    [{}, 'environments.prod.providers.openai.apiKey: set either apiKey'],
    [{ apiKey: 'env:A', apiKeys: [{ ref: 'env:B' }] }, 'environments.prod.providers.openai.apiKey: set either apiKey'],
    [{ apiKeys: [{ ref: 'env:A', name: 'x' }, { ref: 'env:B', name: 'x' }] }, 'environments.prod.providers.openai.apiKeys.1.name: duplicate key name "x"'],
    [{ apiKeys: [{ ref: 'sk-raw-value-0123456789' }] }, 'environments.prod.providers.openai.apiKeys.0.ref: a secret reference'],
    [{ apiKeys: [] }, 'environments.prod.providers.openai.apiKeys'],
  ])('refuses provider keys %j', (fields, message) => {
    const text = configError(openai(fields));
    expect(text).toContain(message);
    expect(text).not.toContain('sk-raw-value-0123456789');
  });

  it('needs the manager section a reference uses, and names the option', () => {
    expect(configError(openai({ apiKey: 'vault:secret/data/openai#api_key' }))).toContain('environments.prod.providers.openai.apiKey: a vault: reference needs the secrets.vault section');
    expect(configError(openai({ apiKeys: [{ ref: 'env:A' }, { ref: 'gcp:openai' }] }))).toContain('apiKeys.1.ref: a gcp: reference needs the secrets.gcp section');
    expect(() => parseConfig({ ...openai({ apiKey: 'gcp:openai' }), secrets: { gcp: { project: 'p' } } })).not.toThrow();
    // A fallback deployment's keys too (regression: they were only found when resolved at start).
    const fallback = { type: 'openai', baseUrl: 'https://backup.example.com', apiKey: 'aws:prod/openai#api_key' };
    expect(configError(openai({ apiKey: 'env:A', fallback }))).toContain('environments.prod.providers.openai.fallback.apiKey: a aws: reference needs the secrets.aws section');
    expect(() => parseConfig({ ...openai({ apiKey: 'env:A', fallback }), secrets: { aws: { region: 'eu-west-1' } } })).not.toThrow();
  });

  it('takes a Vault login credential only from env: or file:', () => {
    const text = configError({ ...openai({ apiKey: 'env:A' }), secrets: { vault: { address: 'https://vault:8200', auth: { method: 'token', token: 'vault:secret/data/x' } } } });
    expect(text).toContain('secrets.vault.auth.token');
    const approle = parseConfig({ ...openai({ apiKey: 'env:A' }), secrets: { vault: { address: 'https://vault:8200', auth: { method: 'approle', roleId: 'r', secretId: 'file:/run/sid' } } } });
    expect(approle.secrets.vault).toEqual({ address: 'https://vault:8200', auth: { method: 'approle', roleId: 'r', secretId: 'file:/run/sid', mount: 'approle' }, timeoutMs: 5000 });
  });

  it('rejects unknown options with a hint', () => {
    expect(configError({ ...openai({ apiKey: 'env:A' }), secrets: { refreshInterval: 1000 } })).toContain('secrets.refreshInterval: unknown option (did you mean "refreshIntervalMs"?)');
  });

  it('knows production environments by name, or by the configured list', () => {
    const defaults = { productionEnvironments: undefined };
    expect(['prod', 'production', 'prod-eu', 'production-1'].every((n) => isProductionEnvironment(n, defaults))).toBe(true);
    expect(['dev', 'staging', 'product', 'preprod'].some((n) => isProductionEnvironment(n, defaults))).toBe(false);
    expect(isProductionEnvironment('live', { productionEnvironments: ['live'] })).toBe(true);
    expect(isProductionEnvironment('prod', { productionEnvironments: ['live'] })).toBe(false);
  });
});
