import { describe, expect, it } from 'vitest';
import { makeContext, type ContextOptions } from '../../../test/helpers/context.js';
import { issueKey } from '../../keys/issue.js';
import { createAnthropicAdapter } from '../../providers/anthropic/adapter.js';
import type { EnvironmentRuntime, ProviderBinding } from '../../providers/environments.js';
import { createOpenAIAdapter } from '../../providers/openai/adapter.js';
import { ROUTES } from '../../providers/routes.js';
import { Secret } from '../../secrets/secret.js';
import { createMemoryStore } from '../../store/memory/memory-store.js';
import type { GatewayKeyRecord } from '../../store/types.js';
import { createAccessStage } from './access.js';

const openai: ProviderBinding = {
  adapter: createOpenAIAdapter({ type: 'openai', baseUrl: 'https://api.openai.com', apiKey: 'env:OPENAI_API_KEY' }),
  key: new Secret('o'.repeat(40), 'env:OPENAI_API_KEY'),
};
const anthropic: ProviderBinding = {
  adapter: createAnthropicAdapter({ type: 'anthropic', baseUrl: 'https://api.anthropic.com', apiKey: 'env:ANTHROPIC_API_KEY' }),
  key: new Secret('a'.repeat(40), 'env:ANTHROPIC_API_KEY'),
};

const environments = new Map<string, EnvironmentRuntime>([
  ['dev', { name: 'dev', allowedModels: null, providers: { openai, anthropic } }],
  ['prod', { name: 'prod', allowedModels: ['gpt-4o*', 'o3-mini', 'claude-3-5-*'], providers: { openai, anthropic } }],
  ['oa', { name: 'oa', allowedModels: null, providers: { openai } }],
]);
const stage = createAccessStage({ environments });

async function keyWith(environment: string, allowedModels?: string[]): Promise<GatewayKeyRecord> {
  return (await issueKey(createMemoryStore(), { name: 'k', environment, allowedModels })).record;
}

function run(options: ContextOptions) {
  const ctx = makeContext(options);
  const decision = stage.run(ctx);
  if (decision instanceof Promise) throw new Error('access stage returned a promise');
  return { ctx, decision };
}

describe('access stage', () => {
  it('is named access', () => {
    expect(stage.name).toBe('access');
  });

  it('allows a configured provider and records the model', () => {
    const { ctx, decision } = run({ environment: 'dev', body: { model: 'gpt-4o-mini', messages: [] } });
    expect(decision).toEqual({ type: 'allow' });
    expect(ctx.model).toBe('gpt-4o-mini');
  });

  it('denies a provider the environment does not have', () => {
    const { decision } = run({ environment: 'oa', route: ROUTES.messages, body: { model: 'claude-3-5-haiku-latest' } });
    expect(decision).toMatchObject({ type: 'deny', code: 'provider_not_configured' });
    if (decision.type !== 'deny') throw new Error('expected a denial');
    expect(decision.message).toContain('"oa"');
    expect(decision.message).toContain('anthropic');
  });

  it('denies when no environment is known or it is not served', () => {
    expect(run({ body: { model: 'gpt-4o' } }).decision).toMatchObject({ type: 'deny', code: 'provider_not_configured' });
    expect(run({ environment: 'staging', body: { model: 'gpt-4o' } }).decision).toMatchObject({ type: 'deny', code: 'provider_not_configured' });
  });

  it('requires a model on POST routes', () => {
    for (const body of [undefined, {}, { model: '' }, { model: 42 }, { model: ['gpt-4o'] }]) {
      const { ctx, decision } = run({ environment: 'dev', ...(body ? { body } : {}) });
      expect(decision, JSON.stringify(body)).toMatchObject({ type: 'deny', code: 'model_required' });
      expect(ctx.model).toBeUndefined();
    }
  });

  it('needs no model on model-list routes, even with allow-lists', () => {
    expect(run({ environment: 'prod', route: ROUTES.openaiModels }).decision).toEqual({ type: 'allow' });
    expect(run({ environment: 'prod', route: ROUTES.anthropicModels }).decision).toEqual({ type: 'allow' });
  });

  it('applies the environment allow-list with exact names and prefix*', () => {
    const allowed = (model: string, route = ROUTES.chatCompletions) => run({ environment: 'prod', route, body: { model } }).decision;
    expect(allowed('gpt-4o')).toEqual({ type: 'allow' });
    expect(allowed('gpt-4o-2024-08-06')).toEqual({ type: 'allow' });
    expect(allowed('o3-mini')).toEqual({ type: 'allow' });
    expect(allowed('claude-3-5-sonnet-latest', ROUTES.messages)).toEqual({ type: 'allow' });
    expect(allowed('o3-mini-high')).toMatchObject({ type: 'deny', code: 'model_not_allowed' });
    expect(allowed('gpt-4.1')).toMatchObject({ type: 'deny', code: 'model_not_allowed' });
    expect(allowed('claude-opus-4', ROUTES.messages)).toMatchObject({ type: 'deny', code: 'model_not_allowed' });
  });

  it('names the model and environment when the environment refuses it', () => {
    const { ctx, decision } = run({ environment: 'prod', body: { model: 'gpt-3.5-turbo' } });
    expect(decision).toMatchObject({ type: 'deny', code: 'model_not_allowed' });
    if (decision.type !== 'deny') throw new Error('expected a denial');
    expect(decision.message).toContain('"gpt-3.5-turbo"');
    expect(decision.message).toContain('"prod"');
    expect(ctx.model).toBe('gpt-3.5-turbo');
  });

  it('applies the key allow-list', async () => {
    const key = await keyWith('dev', ['gpt-4o-mini', 'claude-3-5-haiku*']);
    expect(run({ environment: 'dev', key, body: { model: 'gpt-4o-mini' } }).decision).toEqual({ type: 'allow' });
    expect(run({ environment: 'dev', key, route: ROUTES.messages, body: { model: 'claude-3-5-haiku-20241022' } }).decision).toEqual({
      type: 'allow',
    });
    const { decision } = run({ environment: 'dev', key, body: { model: 'gpt-4o' } });
    expect(decision).toMatchObject({ type: 'deny', code: 'model_not_allowed' });
    if (decision.type !== 'deny') throw new Error('expected a denial');
    expect(decision.message).toContain(key.id);
  });

  it('requires both allow-lists to agree', async () => {
    const key = await keyWith('prod', ['gpt-4.1', 'gpt-4o']);
    expect(run({ environment: 'prod', key, body: { model: 'gpt-4o' } }).decision).toEqual({ type: 'allow' });
    // On the key's list but not the environment's.
    expect(run({ environment: 'prod', key, body: { model: 'gpt-4.1' } }).decision).toMatchObject({ type: 'deny', code: 'model_not_allowed' });
    // On the environment's list but not the key's.
    expect(run({ environment: 'prod', key, body: { model: 'o3-mini' } }).decision).toMatchObject({ type: 'deny', code: 'model_not_allowed' });
  });

  it('treats a key without an allow-list as allowing every model', async () => {
    const key = await keyWith('dev');
    expect(key.allowedModels).toBeNull();
    expect(run({ environment: 'dev', key, body: { model: 'anything-at-all' } }).decision).toEqual({ type: 'allow' });
  });
});
