import { describe, expect, it } from 'vitest';
import { upstreamPolicyOf } from '../upstream/policy.js';
import { configSchema } from './schema.js';

const base = (openai: Record<string, unknown>, anthropic?: Record<string, unknown>) => ({
  environments: { prod: { providers: { openai: { type: 'openai', apiKey: 'env:OPENAI_API_KEY', ...openai }, ...(anthropic ? { anthropic: { apiKey: 'env:ANTHROPIC_API_KEY', ...anthropic } } : {}) } } },
});

describe('upstream policy config', () => {
  it('fills in retry and breaker defaults, and names the upstream by variant and origin without credentials', () => {
    const config = configSchema.parse(base({ baseUrl: 'https://user:pass@gateway.example.com/openai/?x=1', retry: { maxAttempts: 5 } }));
    const policy = upstreamPolicyOf(config.environments.prod!.providers.openai!);
    expect(policy.upstream).toBe('openai https://gateway.example.com/openai');
    expect(policy.retry).toMatchObject({ maxAttempts: 5, baseDelayMs: 250, maxRetryAfterMs: 2000, statuses: [429, 500, 502, 503, 504, 529] });
    expect(policy.breaker).toMatchObject({ enabled: true, consecutiveFailures: 5, cooldownMs: 30_000 });
    expect(policy.totalMs).toBeUndefined();
    expect(config.upstream.totalTimeoutMs).toBe(900_000);
  });

  it('takes per-provider timeouts', () => {
    const config = configSchema.parse(base({ timeouts: { connectMs: 2000, headersMs: 30_000, bodyMs: 10_000, totalMs: 120_000 } }));
    expect(upstreamPolicyOf(config.environments.prod!.providers.openai!)).toMatchObject({ timeouts: { connectMs: 2000, headersMs: 30_000, bodyMs: 10_000 }, totalMs: 120_000 });
  });

  it('accepts an Azure fallback for OpenAI and an Anthropic fallback for Anthropic', () => {
    const config = configSchema.parse(
      base(
        { fallback: { type: 'azure', endpoint: 'https://my.openai.azure.com', apiKey: 'env:AZURE_KEY', deployments: { 'gpt-4o-mini': 'mini' }, retry: { maxAttempts: 1 } } },
        { fallback: { baseUrl: 'https://anthropic-proxy.example.com', apiKey: 'env:ANTHROPIC_2' } },
      ),
    );
    expect(config.environments.prod!.providers.openai!.fallback).toMatchObject({ type: 'azure', retry: { maxAttempts: 1 } });
    expect(config.environments.prod!.providers.anthropic!.fallback).toMatchObject({ type: 'anthropic', baseUrl: 'https://anthropic-proxy.example.com' });
  });

  it('refuses a fallback of another API, a fallback of a fallback, unknown keys and out-of-range values', () => {
    const bad = [
      base({ fallback: { type: 'anthropic', apiKey: 'env:X' } }),
      base({ fallback: { type: 'openai', apiKey: 'env:X', fallback: { type: 'openai', apiKey: 'env:Y' } } }),
      base({ retry: { maxAttempts: 0 } }),
      base({ retry: { tries: 3 } }),
      base({ breaker: { failureRatio: 1.5 } }),
      base({ timeouts: { totalMs: -1 } }),
      base({ fallback: { type: 'openai' } }), // a fallback needs its own key
    ];
    for (const input of bad) expect(configSchema.safeParse(input).success).toBe(false);
  });
});
