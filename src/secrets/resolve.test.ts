import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEnvSource } from './env-source.js';
import { createFileSource } from './file-source.js';
import { createSecretResolver, defaultSources } from './resolve.js';
import { SecretError, type SecretSource } from './types.js';

const VALUE = 'sk-' + 'r'.repeat(40);
const dir = mkdtempSync(join(tmpdir(), 'portcullis-secrets-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('env source', () => {
  it('reads a variable from the passed env and trims it', async () => {
    const secret = await createEnvSource({ OPENAI_API_KEY: `  ${VALUE}\n` }).read('OPENAI_API_KEY', 'env:OPENAI_API_KEY');
    expect(secret.reveal()).toBe(VALUE);
    expect(secret.ref).toBe('env:OPENAI_API_KEY');
  });

  it.each([
    ['missing', {}],
    ['empty', { OPENAI_API_KEY: '' }],
    ['blank', { OPENAI_API_KEY: '   ' }],
  ])('refuses a %s variable with a SecretError naming the variable', async (_label, env) => {
    const err = await rejection(createEnvSource(env).read('OPENAI_API_KEY', 'env:OPENAI_API_KEY'));
    expect(err).toBeInstanceOf(SecretError);
    expect(err.name).toBe('SecretError');
    expect(err.message).toContain('OPENAI_API_KEY');
    expect(err.message).toContain('not set');
  });
});

describe('file source', () => {
  it('reads a file and trims its trailing newline', async () => {
    const path = join(dir, 'openai');
    writeFileSync(path, `${VALUE}\n`);
    const secret = await createFileSource().read(path, `file:${path}`);
    expect(secret.reveal()).toBe(VALUE);
    expect(secret.ref).toBe(`file:${path}`);
  });

  it('refuses an empty or whitespace-only file without showing its content', async () => {
    for (const content of ['', '\n\n  \t\n']) {
      const path = join(dir, 'empty');
      writeFileSync(path, content);
      const err = await rejection(createFileSource().read(path, `file:${path}`));
      expect(err).toBeInstanceOf(SecretError);
      expect(err.message).toContain('file is empty');
    }
  });

  it('refuses a missing file with the error code only', async () => {
    const path = join(dir, 'nope');
    const err = await rejection(createFileSource().read(path, `file:${path}`));
    expect(err).toBeInstanceOf(SecretError);
    expect(err.message).toContain('ENOENT');
    expect(err.message).toContain(`file:${path}`);
  });

  it('refuses a directory', async () => {
    const err = await rejection(createFileSource().read(dir, `file:${dir}`));
    expect(err).toBeInstanceOf(SecretError);
    expect(err.message).toContain('EISDIR');
  });
});

describe('createSecretResolver', () => {
  it('resolves env: and file: references through the default sources', async () => {
    const path = join(dir, 'anthropic');
    writeFileSync(path, 'file-value-0123456789\n');
    const resolver = createSecretResolver(defaultSources({ MY_KEY: 'env-value-0123456789' }));
    expect((await resolver.resolve('env:MY_KEY')).reveal()).toBe('env-value-0123456789');
    const fromFile = await resolver.resolve(`file:${path}`);
    expect(fromFile.reveal()).toBe('file-value-0123456789');
    expect(fromFile.ref).toBe(`file:${path}`);
  });

  it('passes the part after the first colon as the name', async () => {
    const calls: [string, string][] = [];
    const source: SecretSource = {
      scheme: 'vault',
      read(name, ref) {
        calls.push([name, ref]);
        return Promise.reject(new SecretError('not here'));
      },
    };
    await rejection(createSecretResolver([source]).resolve('vault:kv/data:openai'));
    expect(calls).toEqual([['kv/data:openai', 'vault:kv/data:openai']]);
  });

  it('refuses an unknown scheme, listing the known ones', async () => {
    const err = await rejection(createSecretResolver(defaultSources({})).resolve('vault:secret/openai'));
    expect(err).toBeInstanceOf(SecretError);
    expect(err.message).toContain('"vault:…"');
    expect(err.message).toContain('unknown scheme');
    expect(err.message).toContain('env, file');
    expect(err.message).not.toContain('secret/openai');
  });

  it('never echoes a raw value passed where a reference belongs', async () => {
    const resolver = createSecretResolver(defaultSources({}));
    for (const raw of [VALUE, 'x'.repeat(40), `Bearer:${'y'.repeat(40)}`]) {
      const err = await rejection(resolver.resolve(raw));
      expect(err).toBeInstanceOf(SecretError);
      expect(err.message).not.toContain(raw);
      expect(err.message).not.toContain(raw.slice(-20));
    }
  });

  it('never includes the value in errors of a source that exists', async () => {
    const resolver = createSecretResolver(defaultSources({ OTHER: VALUE }));
    const err = await rejection(resolver.resolve('env:MISSING'));
    expect(err.message).toContain('env:MISSING');
    expect(err.message).not.toContain(VALUE);
  });

  it('reads the env lazily from the passed object, not process.env', async () => {
    const env: NodeJS.ProcessEnv = {};
    const resolver = createSecretResolver([createEnvSource(env)]);
    await expect(resolver.resolve('env:LATE')).rejects.toBeInstanceOf(SecretError);
    env.LATE = 'late-value-0123456789';
    expect((await resolver.resolve('env:LATE')).reveal()).toBe('late-value-0123456789');
  });
});
