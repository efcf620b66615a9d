import { describe, expect, it } from 'vitest';
import { generateGatewayKey } from '../secrets/gateway-key.js';
import { scrubSecrets } from './scrub.js';

const providerKey = 'sk-proj-' + 'Ab1'.repeat(15);

describe('scrubSecrets', () => {
  it('removes the provider key wherever it appears', () => {
    const text = `{"error":{"message":"Incorrect API key provided: ${providerKey}. Again: ${providerKey}"}}`;
    const out = scrubSecrets(text, providerKey);
    expect(out).not.toContain(providerKey);
    expect(out).not.toContain('Ab1Ab1');
    expect(out.match(/\[redacted\]/g)).toHaveLength(2);
    expect(out).toContain('Incorrect API key provided: [redacted]. Again: [redacted]');
  });

  it('removes a provider key of any shape (Azure keys are plain hex)', () => {
    const azureKey = 'f'.repeat(32);
    expect(scrubSecrets(`key ${azureKey} rejected`, azureKey)).toBe('key [redacted] rejected');
  });

  it('removes a provider key containing regular-expression characters literally', () => {
    const odd = 'key.+*?(x)' + 'z'.repeat(10);
    expect(scrubSecrets(`a ${odd} b`, odd)).toBe('a [redacted] b');
  });

  it('removes masked OpenAI keys echoed in errors', () => {
    const masked = 'sk-proj-' + '*'.repeat(20) + 'abcd';
    const out = scrubSecrets(`{"message":"Incorrect API key provided: ${masked}"}`, providerKey);
    expect(out).toBe('{"message":"Incorrect API key provided: [redacted]"}');
    expect(scrubSecrets('Incorrect API key provided: sk-abc1********wxyz', providerKey)).toBe('Incorrect API key provided: [redacted]');
  });

  it('removes other sk- and Anthropic-shaped keys', () => {
    const other = 'sk-ant-api03-' + 'Q'.repeat(30);
    const out = scrubSecrets(`{"key":"${other}"}`, providerKey);
    expect(out).toBe('{"key":"[redacted]"}');
  });

  it('removes gateway keys', () => {
    const gatewayKey = generateGatewayKey('prod');
    expect(scrubSecrets(`bad key ${gatewayKey}!`, providerKey)).toBe('bad key [redacted]!');
  });

  it('leaves ordinary text alone', () => {
    const text = '{"error":{"message":"The model `gpt-4o` does not exist","type":"invalid_request_error","code":"model_not_found"}}';
    expect(scrubSecrets(text, providerKey)).toBe(text);
    expect(scrubSecrets('sk-a and sk- alone', providerKey)).toBe('sk-a and sk- alone');
  });

  it('does not redact ordinary words that merely contain "sk-"', () => {
    // Provider error messages are forwarded; words like these must reach the client intact.
    const text = 'Use a task-specific prompt; risk-based review; desk-top app.';
    expect(scrubSecrets(text, providerKey)).toBe(text);
  });

  it('does not split on a provider key too short to be one', () => {
    expect(scrubSecrets('a b a b', 'a')).toBe('a b a b');
    expect(scrubSecrets('abc', '')).toBe('abc');
  });
});
