import { describe, expect, it } from 'vitest';
import { FAKE } from './test-fixtures.js';
import { redactSecrets } from './index.js';

describe('redactSecrets', () => {
  it('replaces each secret with its rule tag and reports rules, not values', () => {
    const text = `key ${FAKE.openaiLegacy} and ${FAKE.anthropic}, again ${FAKE.openaiProject}.`;
    const r = redactSecrets(text);
    expect(r.text).toBe('key [REDACTED:openai-key] and [REDACTED:anthropic-key], again [REDACTED:openai-key].');
    expect(r.count).toBe(3);
    expect(r.rules).toEqual(['openai-key', 'anthropic-key']);
    expect(JSON.stringify(r.rules)).not.toContain('sk-');
  });

  it('keeps the variable name and host around a redacted value', () => {
    expect(redactSecrets('postgres://app:Tr0ub4dor3x@db:5432/app').text).toBe(
      'postgres://app:[REDACTED:connection-string-password]@db:5432/app',
    );
  });

  it('returns the text unchanged when there is nothing to redact', () => {
    const text = 'Nothing secret here: sk-learn, YOUR_API_KEY.';
    expect(redactSecrets(text)).toEqual({ text, count: 0, rules: [] });
  });
});
