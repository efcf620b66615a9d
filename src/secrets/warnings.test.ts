import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { secretSourceWarnings } from './warnings.js';

describe('secretSourceWarnings', () => {
  it('warns about env: provider keys in production environments only', () => {
    const config = parseConfig({
      environments: {
        dev: { providers: { openai: { type: 'openai', apiKey: 'env:DEV_OPENAI_KEY' } } },
        prod: { providers: { openai: { type: 'openai', apiKeys: [{ ref: 'file:/run/secrets/openai', name: 'primary' }, { ref: 'env:PROD_OPENAI_KEY', name: 'secondary' }] } } },
      },
    });
    const warnings = secretSourceWarnings(config);
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'env_secret_in_production', environment: 'prod', provider: 'openai', keyName: 'secondary', ref: 'env:PROD_OPENAI_KEY' }),
    ]);
    expect(warnings[0]?.message).toContain('secrets manager');
  });

  it('warns about one provider key shared by several environments', () => {
    const config = parseConfig({
      environments: {
        staging: { providers: { anthropic: { apiKey: 'file:/run/secrets/anthropic' } } },
        qa: { providers: { anthropic: { apiKey: 'file:/run/secrets/anthropic' } } },
      },
    });
    expect(secretSourceWarnings(config).map((w) => [w.code, w.environment])).toEqual([
      ['provider_key_shared', 'staging'],
      ['provider_key_shared', 'qa'],
    ]);
  });

  it('is quiet for a production environment on a secrets manager', () => {
    const config = parseConfig({
      secrets: { aws: { region: 'eu-west-1' } },
      environments: { production: { providers: { openai: { type: 'openai', apiKey: 'aws:prod/openai#api_key' } } } },
    });
    expect(secretSourceWarnings(config)).toEqual([]);
  });
});
