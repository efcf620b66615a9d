import { describe, expect, it } from 'vitest';
import { FAKE } from '../detect/secrets/test-fixtures.js';
import { findLeaks } from './match.js';

// A random 32-hex Azure key, assembled so repository scanners do not flag this file.
const AZURE = ['7c1e9a04b3f2', '58d6e0a9c4b1', '7f23d5e8'].join('');

function found(text: string): { rule: string; value: string }[] {
  return findLeaks(text).map((m) => ({ rule: m.rule, value: text.slice(m.start, m.end) }));
}

describe('findLeaks', () => {
  it('reuses the output-guard rules for provider keys', () => {
    expect(found(`const k = "${FAKE.openaiProject}";`)).toEqual([{ rule: 'openai-key', value: FAKE.openaiProject }]);
    expect(found(`ANTHROPIC_API_KEY=${FAKE.anthropic}`)).toEqual([{ rule: 'anthropic-key', value: FAKE.anthropic }]);
    expect(found(`key: ${FAKE.portcullis}`)).toEqual([{ rule: 'portcullis-key', value: FAKE.portcullis }]);
  });

  it('finds a 32-hex Azure OpenAI key next to its endpoint, variable or api-key header', () => {
    for (const text of [
      `AZURE_OPENAI_ENDPOINT=https://acme.openai.azure.com/\nAZURE_OPENAI_KEY=${AZURE}\n`,
      `{"endpoint": "https://acme.openai.azure.com", "key": "${AZURE}"}`,
      `curl -H "api-key: ${AZURE}" https://acme.openai.azure.com/openai/deployments/gpt4/chat/completions`,
      `const client = new AzureOpenAI({ apiKey: "${AZURE}" });`,
      `headers = {"api-key": "${AZURE}"}`,
    ]) {
      expect(found(text), text).toEqual([{ rule: 'azure-openai-key', value: AZURE }]);
    }
  });

  it('does not take hashes and ids for Azure keys', () => {
    for (const text of [
      `md5: ${AZURE}  # of the azure-cli tarball`,
      `{"id": "${AZURE}", "provider": "azure"}`,
      `etag = "${AZURE}" (azure blob)`,
      `cache key ${AZURE}`, // no Azure context at all
      `azure: ${'0123456789abcdef'.repeat(2)}`, // a run, not random
    ]) {
      expect(found(text).filter((f) => f.rule === 'azure-openai-key'), text).toEqual([]);
    }
  });

  it('finds nothing in ordinary code', () => {
    expect(found('export function add(a: number, b: number): number { return a + b; }\nconst apiKey = process.env.OPENAI_API_KEY;\n')).toEqual([]);
  });
});
