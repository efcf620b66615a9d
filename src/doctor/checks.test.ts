import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import type { ConfigInput } from '../config/schema.js';
import { runChecks } from './index.js';
import type { CheckResult, DoctorContext } from './types.js';

function check(id: string, input: Partial<ConfigInput>, over: Partial<DoctorContext> = {}): CheckResult {
  const ctx: DoctorContext = {
    config: parseConfig({ environments: { dev: {} }, ...input }),
    now: new Date('2026-12-04T12:00:00Z'),
    keys: [],
    lastRedteamRun: undefined,
    stateDir: '/nowhere',
    secretFileAgeMs: () => undefined,
    providerKeyFingerprints: new Map(),
    cors: undefined,
    ...over,
  };
  const found = runChecks(ctx).find((r) => r.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

const openai = (apiKey: string): Record<string, unknown> => ({ openai: { type: 'openai', apiKey } });

describe('doctor checks', () => {
  it('judges production by secrets.productionEnvironments or by name', () => {
    expect(check('provider-keys-secrets-manager', { environments: { main: { providers: openai('env:K') } } }).status).toBe('warn');
    expect(check('provider-keys-secrets-manager', { secrets: { productionEnvironments: ['main'] }, environments: { main: { providers: openai('env:K') } } }).status).toBe('fail');
    expect(check('provider-keys-secrets-manager', { environments: { 'prod-eu': { providers: openai('file:/run/secrets/k') } } }).status).toBe('warn');
    const ok = check('provider-keys-secrets-manager', { secrets: { vault: { address: 'https://vault.example.com', auth: { method: 'token', token: 'env:VT' } } }, environments: { prod: { providers: openai('vault:secret/data/openai#key') }, dev: { providers: openai('env:DEV') } } });
    expect(ok).toMatchObject({ status: 'pass' });
    expect(ok.detail).toContain('dev/openai (env:)');
  });

  it('catches two environments holding the same key under different references', () => {
    const input = { environments: { prod: { providers: openai('env:A') }, dev: { providers: openai('env:B') } } };
    expect(check('separate-keys-per-environment', input).status).toBe('pass');
    const same = check('separate-keys-per-environment', input, { providerKeyFingerprints: new Map([['prod/openai', 'abc'], ['dev/openai', 'abc']]) });
    expect(same.status).toBe('fail');
    expect(same.detail).toContain('the same key value in prod/openai and dev/openai');
  });

  it('counts every key of apiKeys and fallbacks', () => {
    const input = { environments: { prod: { providers: { openai: { type: 'openai', apiKeys: [{ ref: 'env:OK' }, { ref: 'env:NEXT_PUBLIC_KEY', name: 'second' }] } } } } };
    expect(check('no-browser-facing-provider-key', input as Partial<ConfigInput>).detail).toContain('prod/openai second (env:NEXT_PUBLIC_KEY)');
  });

  it('fails moderation where it cannot run and injection detection turned off for a key', () => {
    const anthropicOnly = { environments: { prod: { providers: { anthropic: { apiKey: 'env:A' } }, guard: { moderation: { enabled: true } } } } };
    expect(check('moderation', anthropicOnly as Partial<ConfigInput>)).toMatchObject({ status: 'fail', detail: expect.stringContaining('no OpenAI (type: openai) provider') });
    const keyOff = { environments: { dev: { guard: { perKey: { key_abc: { injection: { action: 'off' } } } } } } };
    expect(check('injection-detection', keyOff as Partial<ConfigInput>)).toMatchObject({ status: 'fail', detail: expect.stringContaining('dev/key_abc') });
  });

  it('warns on a memory audit store and judges the red-team summary', () => {
    expect(check('audit-logging', { store: { kind: 'memory' } }).status).toBe('warn');
    const run = { finishedAt: '2026-11-30T00:00:00Z', target: 'https://gw.example.com', api: 'openai' as const, attempts: 50, blocked: 45, harmless: 2, succeeded: 3, successRate: 0.06 };
    expect(check('injection-testing', {}, { lastRedteamRun: run })).toMatchObject({ status: 'warn', detail: expect.stringContaining('3 of 50 attacks succeeded') });
    expect(check('injection-testing', {}, { lastRedteamRun: { ...run, finishedAt: '2026-10-01T00:00:00Z' } }).status).toBe('fail');
  });

  it('reports a store it could not read as advisory, and fails old active keys only', () => {
    expect(check('gateway-key-rotation-age', {}, { keys: { error: 'connection refused' } }).status).toBe('warn');
    const key = { id: 'key_old', name: 'k', environment: 'dev', user: null, allowedModels: null, createdAt: '2026-01-01T00:00:00Z', expiresAt: null, revokedAt: null, rotatedAt: null };
    expect(check('gateway-key-rotation-age', {}, { keys: [key] }).status).toBe('fail');
    expect(check('gateway-key-rotation-age', {}, { keys: [{ ...key, rotatedAt: '2026-11-01T00:00:00Z', expiresAt: '2027-01-01T00:00:00Z' }] }).status).toBe('pass');
    expect(check('gateway-key-rotation-age', {}, { keys: [{ ...key, revokedAt: '2026-02-01T00:00:00Z' }] }).status).toBe('pass');
  });
});
