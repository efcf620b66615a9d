import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, applyEnvOverrides, defaultConfigInput, loadConfig, parseConfig } from './load.js';
import { configSchema } from './schema.js';

const minimal = { environments: { dev: {} } };

function configError(input: unknown): ConfigError {
  try {
    parseConfig(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).name).toBe('ConfigError');
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

function isDeeplyFrozen(value: unknown, path = 'config'): string[] {
  if (value === null || typeof value !== 'object') return [];
  const notFrozen = Object.isFrozen(value) ? [] : [path];
  return [...notFrozen, ...Object.entries(value).flatMap(([k, v]) => isDeeplyFrozen(v, `${path}.${k}`))];
}

describe('parseConfig defaults', () => {
  it('fills every default', () => {
    const config = parseConfig(minimal);
    // toMatchObject: other options may be added; these defaults are documented and must hold.
    expect(config.server).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      bodyLimitBytes: 4 * 1024 * 1024,
      maxJsonDepth: 64,
      requestTimeoutMs: 60_000,
    });
    expect(config.dataDir).toBe('.portcullis');
    expect(config.store).toMatchObject({ kind: 'sqlite' });
    expect(config.log).toEqual({ level: 'info' });
    expect(config.audit).toMatchObject({ stdout: true, store: true });
    expect(config.egress).toMatchObject({ allowHosts: [], allowPrivateNetworks: false });
    expect(config.upstream).toMatchObject({ connectTimeoutMs: 10_000, headersTimeoutMs: 600_000, bodyTimeoutMs: 300_000, connectionsPerOrigin: 128 });
    expect(config.environments.dev?.providers).toEqual({});
    expect(config.mockProvider).toBe('auto');
  });

  it('carries the unit in the name of every time and size default', () => {
    const offenders: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (value === null || typeof value !== 'object') return;
      for (const [key, child] of Object.entries(value)) {
        if (typeof child === 'number') {
          if (/timeout|grace|drain|window|interval|ttl|delay/i.test(key) && !key.endsWith('Ms')) offenders.push(`${path}.${key}`);
          if (/size|limit(?!ed)|body(?!Timeout)/i.test(key) && !/(Bytes|Ms|Tokens|Requests|Count)$/.test(key)) offenders.push(`${path}.${key}`);
        }
        walk(child, `${path}.${key}`);
      }
    };
    walk(parseConfig(minimal), 'config');
    expect(offenders).toEqual([]);
  });

  it('fills provider defaults', () => {
    const config = parseConfig({
      environments: {
        prod: {
          providers: { openai: { type: 'openai', apiKey: 'env:OPENAI_API_KEY' }, anthropic: { apiKey: 'file:/run/secrets/anthropic' } },
          allowedModels: ['gpt-4o*'],
        },
      },
    });
    expect(config.environments.prod?.providers.openai).toEqual({ type: 'openai', baseUrl: 'https://api.openai.com', apiKey: 'env:OPENAI_API_KEY' });
    expect(config.environments.prod?.providers.anthropic).toEqual({
      type: 'anthropic',
      baseUrl: 'https://api.anthropic.com',
      apiKey: 'file:/run/secrets/anthropic',
    });
    expect(config.environments.prod?.allowedModels).toEqual(['gpt-4o*']);
  });

  it('accepts an Azure provider with its defaults', () => {
    const config = parseConfig({
      environments: {
        dev: {
          providers: { openai: { type: 'azure', endpoint: 'https://x.openai.azure.com', apiKey: 'env:AZURE_KEY', deployments: { 'gpt-4o': 'prod-4o' } } },
        },
      },
    });
    expect(config.environments.dev?.providers.openai).toMatchObject({ type: 'azure', apiVersion: '2024-10-21', deployments: { 'gpt-4o': 'prod-4o' } });
  });

  it('keeps explicit values', () => {
    const config = parseConfig({ ...minimal, server: { port: 0, host: '0.0.0.0' }, store: { kind: 'memory' }, log: { level: 'silent' } });
    expect(config.server.port).toBe(0);
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.server.maxJsonDepth).toBe(64);
    expect(config.store.kind).toBe('memory');
    expect(config.log.level).toBe('silent');
  });

  it('returns a deeply frozen config', () => {
    const config = parseConfig({
      ...minimal,
      egress: { allowHosts: ['mock.test'] },
      environments: { dev: { providers: { anthropic: { apiKey: 'env:A' } }, allowedModels: ['claude-*'] } },
    });
    expect(isDeeplyFrozen(config)).toEqual([]);
    expect(() => {
      config.server.port = 1;
    }).toThrow(TypeError);
    expect(() => {
      config.egress.allowHosts.push('evil.test');
    }).toThrow(TypeError);
    expect(config.egress.allowHosts).toEqual(['mock.test']);
  });

  it('does not let one frozen config change the defaults of the next', () => {
    const first = parseConfig(minimal);
    const second = parseConfig({ ...minimal, server: { port: 1234 } });
    expect(first.server.port).toBe(8787);
    expect(second.server.port).toBe(1234);
    expect(parseConfig(minimal).server.port).toBe(8787);
  });
});

describe('parseConfig errors', () => {
  it('names an unknown top-level key with a hint', () => {
    const err = configError({ ...minimal, sever: { port: 1 } });
    expect(err.message).toContain('invalid configuration in config');
    expect(err.message).toContain('sever: unknown option (did you mean "server"?)');
  });

  it('names an unknown nested key with its full path and a hint', () => {
    expect(configError({ ...minimal, server: { prot: 1 } }).message).toContain('server.prot: unknown option (did you mean "port"?)');
    expect(configError({ ...minimal, upstream: { connectTimeout: 5 } }).message).toContain(
      'upstream.connectTimeout: unknown option (did you mean "connectTimeoutMs"?)',
    );
    expect(configError({ environments: { dev: { provders: {} } } }).message).toContain(
      'environments.dev.provders: unknown option (did you mean "providers"?)',
    );
    expect(configError({ environments: { dev: { providers: { anthropic: { apiKey: 'env:A', baseURL: 'https://x' } } } } }).message).toContain(
      'environments.dev.providers.anthropic.baseURL: unknown option (did you mean "baseUrl"?)',
    );
  });

  it('hints inside an OpenAI provider block too (a discriminated union)', () => {
    const err = configError({ environments: { dev: { providers: { openai: { type: 'openai', apiKey: 'env:A', baseURL: 'https://x' } } } } });
    expect(err.message).toContain('environments.dev.providers.openai.baseURL: unknown option');
    expect(err.message).toContain('(did you mean "baseUrl"?)');
  });

  it('gives no hint when nothing is close', () => {
    const err = configError({ ...minimal, zzzzzzzzzzzz: true });
    expect(err.message).toContain('zzzzzzzzzzzz: unknown option');
    expect(err.message).not.toContain('did you mean');
  });

  it('lists every unknown key', () => {
    const err = configError({ ...minimal, server: { prot: 1, hots: 'x' } });
    expect(err.message).toContain('server.prot');
    expect(err.message).toContain('server.hots');
  });

  it('refuses a secret that is not a reference, without echoing the value', () => {
    const raw = 'sk-' + 'x'.repeat(40);
    const err = configError({ environments: { dev: { providers: { openai: { type: 'openai', apiKey: raw } } } } });
    expect(err.message).toContain('environments.dev.providers.openai.apiKey');
    expect(err.message).toContain('secret reference');
    expect(err.message).not.toContain(raw);
  });

  it.each([
    [{ ...minimal, server: { port: 70000 } }, 'server.port'],
    [{ ...minimal, server: { port: 1.5 } }, 'server.port'],
    [{ ...minimal, server: { maxJsonDepth: 1 } }, 'server.maxJsonDepth'],
    [{ ...minimal, store: { kind: 'mongo' } }, 'store.kind'],
    [{ ...minimal, mockProvider: 'sometimes' }, 'mockProvider'],
    [{ environments: {} }, 'environments'],
    [{ environments: { Dev: {} } }, 'environments.Dev'],
    [{ environments: { dev: { providers: { anthropic: { apiKey: 'env:A', baseUrl: 'ftp://x' } } } } }, 'environments.dev.providers.anthropic.baseUrl'],
    [{}, 'environments'],
  ])('reports the path of an invalid value (%#)', (input, path) => {
    expect(configError(input).message).toMatch(new RegExp(`\\n  ${path.replace(/\./g, '\\.')}: `));
  });

  it('names the source in the message', () => {
    try {
      parseConfig({}, 'portcullis.yaml');
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).toMatch(/^invalid configuration in portcullis\.yaml:/);
    }
  });
});

describe('defaultConfigInput', () => {
  it('has one dev environment and no providers without provider keys', () => {
    expect(defaultConfigInput({})).toEqual({ environments: { dev: { providers: {} } } });
  });

  it('picks OpenAI from OPENAI_API_KEY, by reference only', () => {
    const value = 'sk-' + 'o'.repeat(40);
    const input = defaultConfigInput({ OPENAI_API_KEY: value });
    expect(input.environments.dev?.providers).toEqual({ openai: { type: 'openai', apiKey: 'env:OPENAI_API_KEY' } });
    expect(JSON.stringify(input)).not.toContain(value);
  });

  it('picks Anthropic from ANTHROPIC_API_KEY, and both when both are set', () => {
    expect(defaultConfigInput({ ANTHROPIC_API_KEY: 'a'.repeat(20) }).environments.dev?.providers).toEqual({
      anthropic: { apiKey: 'env:ANTHROPIC_API_KEY' },
    });
    const both = parseConfig(defaultConfigInput({ OPENAI_API_KEY: 'o'.repeat(20), ANTHROPIC_API_KEY: 'a'.repeat(20) }));
    expect(Object.keys(both.environments.dev?.providers ?? {}).sort()).toEqual(['anthropic', 'openai']);
  });

  it('ignores empty provider variables', () => {
    expect(defaultConfigInput({ OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' }).environments.dev?.providers).toEqual({});
  });
});

describe('loadConfig without a file', () => {
  it('uses the embedded default and the passed env, not process.env', () => {
    const config = loadConfig(undefined, {});
    expect(config.environments.dev?.providers).toEqual({});
    expect(config.server.port).toBe(8787);
    expect(isDeeplyFrozen(config)).toEqual([]);
  });

  it('applies PORTCULLIS_PORT, PORTCULLIS_HOST and PORTCULLIS_DATA_DIR', () => {
    const config = loadConfig(undefined, { PORTCULLIS_PORT: '9191', PORTCULLIS_HOST: '0.0.0.0', PORTCULLIS_DATA_DIR: '/var/lib/portcullis' });
    expect(config.server.port).toBe(9191);
    expect(config.server.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe('/var/lib/portcullis');
    expect(config.server.bodyLimitBytes).toBe(4 * 1024 * 1024);
  });

  it('refuses a PORTCULLIS_PORT that is not a port', () => {
    expect(() => loadConfig(undefined, { PORTCULLIS_PORT: 'eighty' })).toThrow(/server\.port/);
    expect(() => loadConfig(undefined, { PORTCULLIS_PORT: '70000' })).toThrow(/server\.port/);
  });

  it('configures providers from the env object', () => {
    const config = loadConfig(undefined, { ANTHROPIC_API_KEY: 'a'.repeat(30) });
    expect(config.environments.dev?.providers.anthropic?.apiKey).toBe('env:ANTHROPIC_API_KEY');
    expect(config.environments.dev?.providers.openai).toBeUndefined();
  });
});

describe('applyEnvOverrides', () => {
  it('does not mutate its input', () => {
    const input = { environments: { dev: {} }, server: { port: 1 } };
    const out = applyEnvOverrides(input, { PORTCULLIS_PORT: '2' });
    expect(input.server.port).toBe(1);
    expect(out.server?.port).toBe(2);
  });

  it('leaves the input as it is when no variable is set', () => {
    expect(applyEnvOverrides({ environments: { dev: {} }, dataDir: 'x' }, {})).toEqual({ environments: { dev: {} }, dataDir: 'x', server: {} });
  });
});

describe('loadConfig from a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-config-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads YAML and lets the env win over the file', () => {
    const path = join(dir, 'portcullis.yaml');
    writeFileSync(path, 'server:\n  port: 8000\n  host: 127.0.0.1\nenvironments:\n  prod:\n    providers:\n      anthropic:\n        apiKey: env:ANTHROPIC_API_KEY\n');
    const config = loadConfig(path, { PORTCULLIS_PORT: '8001' });
    expect(config.server.port).toBe(8001);
    expect(config.environments.prod?.providers.anthropic?.baseUrl).toBe('https://api.anthropic.com');
  });

  it('reads JSON', () => {
    const path = join(dir, 'portcullis.json');
    writeFileSync(path, JSON.stringify({ environments: { ci: {} }, store: { kind: 'memory' } }));
    expect(loadConfig(path, {}).store.kind).toBe('memory');
  });

  it('names the file in validation errors', () => {
    const path = join(dir, 'typo.yaml');
    writeFileSync(path, 'environments:\n  dev: {}\nserver:\n  prot: 1\n');
    expect(() => loadConfig(path, {})).toThrow(`invalid configuration in ${path}`);
  });

  it('reports an unreadable file and bad syntax as ConfigError', () => {
    expect(() => loadConfig(join(dir, 'missing.yaml'), {})).toThrow(ConfigError);
    expect(() => loadConfig(join(dir, 'missing.yaml'), {})).toThrow(/ENOENT/);
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{"environments":');
    expect(() => loadConfig(path, {})).toThrow(/not valid JSON/);
  });
});

describe('configSchema', () => {
  it('accepts env: and file: references and refuses a bare value', () => {
    const apiKey = (value: string) => configSchema.safeParse({ environments: { dev: { providers: { anthropic: { apiKey: value } } } } }).success;
    expect(apiKey('env:ANTHROPIC_API_KEY')).toBe(true);
    expect(apiKey('file:/run/secrets/anthropic')).toBe(true);
    expect(apiKey('ANTHROPIC_API_KEY')).toBe(false);
    expect(apiKey('env:')).toBe(false);
    expect(apiKey('ENV:X')).toBe(false);
  });

  it('limits environment names to what fits in a gateway key', () => {
    const ok = (name: string) => configSchema.safeParse({ environments: { [name]: {} } }).success;
    expect(ok('dev')).toBe(true);
    expect(ok('prod-eu-1')).toBe(true);
    expect(ok('a'.repeat(32))).toBe(true);
    expect(ok('a'.repeat(33))).toBe(false);
    expect(ok('-dev')).toBe(false);
    expect(ok('dev_1')).toBe(false);
    expect(ok('Prod')).toBe(false);
  });
});
