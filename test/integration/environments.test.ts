import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { issueKey } from '../../src/keys/issue.js';
import { startMockProvider, type MockProvider } from '../../src/mock/server.js';
import { createLogger } from '../../src/observe/logger.js';
import { createEnvSource } from '../../src/secrets/env-source.js';
import { createFileSource } from '../../src/secrets/file-source.js';
import { createSecretResolver } from '../../src/secrets/resolve.js';
import { createMemoryStore } from '../../src/store/memory/memory-store.js';
import { fakeProviderKey } from '../helpers/gateway.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('environments, each with its own provider keys; Azure OpenAI', () => {
  const devKey = fakeProviderKey();
  const prodKey = fakeProviderKey();
  const azureKey = 'azure0' + fakeProviderKey().slice(8);
  let dev: MockProvider;
  let prod: MockProvider;
  let azure: MockProvider;
  let gateway: Gateway;
  let url: string;
  const store = createMemoryStore();

  beforeAll(async () => {
    dev = await startMockProvider({ apiKey: devKey, chunkDelayMs: 1 });
    prod = await startMockProvider({ apiKey: prodKey, chunkDelayMs: 1 });
    azure = await startMockProvider({ apiKey: azureKey, chunkDelayMs: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'pcl-env-'));
    writeFileSync(join(dir, 'prod-key'), `${prodKey}\n`);
    const config = parseConfig({
      dataDir: dir,
      store: { kind: 'memory' },
      egress: { allowPrivateNetworks: true },
      environments: {
        dev: { providers: { openai: { type: 'openai', baseUrl: dev.url, apiKey: 'env:DEV_OPENAI_KEY' } } },
        prod: { providers: { openai: { type: 'openai', baseUrl: prod.url, apiKey: `file:${join(dir, 'prod-key')}` } } },
        azure: {
          providers: {
            openai: { type: 'azure', endpoint: azure.url, apiKey: 'env:AZURE_KEY', apiVersion: '2024-10-21', deployments: { 'gpt-4o-mini': 'my-4o-mini' } },
          },
        },
      },
    });
    gateway = await createGateway(config, {
      store,
      logger: createLogger('silent'),
      secrets: createSecretResolver([createEnvSource({ DEV_OPENAI_KEY: devKey, AZURE_KEY: azureKey }), createFileSource()]),
    });
    url = await gateway.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await gateway.close();
    await Promise.all([dev.close(), prod.close(), azure.close()]);
  });

  async function ask(environment: string): Promise<string | null> {
    const { key } = await issueKey(store, { name: environment, environment });
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: environment } ] });
    return completion.choices[0]?.message.content ?? null;
  }

  it('a key of one environment only ever uses that environment\'s provider key', async () => {
    await ask('dev');
    await ask('prod');
    expect(dev.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${devKey}`]);
    expect(prod.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${prodKey}`]);
  });

  it('Azure OpenAI: deployment URL, api-key header and api-version', async () => {
    const text = await ask('azure');
    expect(text).toContain('azure');
    const seen = azure.requests.at(-1)!;
    expect(seen.path).toBe('/openai/deployments/my-4o-mini/chat/completions?api-version=2024-10-21');
    expect(seen.headers['api-key']).toBe(azureKey);
    expect(seen.headers.authorization).toBeUndefined();
    const { key } = await issueKey(store, { name: 'azure-list', environment: 'azure' });
    const list = (await (await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).json()) as { data: { id: string }[] };
    expect(list.data.map((m) => m.id)).toEqual(['gpt-4o-mini']);
  });

  it('Azure refuses a model with no deployment instead of calling an empty deployment URL', async () => {
    const { key } = await issueKey(store, { name: 'azure-missing', environment: 'azure' });
    const before = azure.requests.length;
    const res = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4.1', messages: [] }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('x-portcullis-error-code')).toBe('model_not_allowed');
    expect(azure.requests.length).toBe(before);
  });

  it('Azure streams keep working through the OpenAI stream parser', async () => {
    const { key } = await issueKey(store, { name: 'azure-stream', environment: 'azure' });
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
    let text = '';
    for await (const chunk of await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'az' }] })) {
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toContain('You said: az');
  });

  it('a gateway key names its environment; a forged prefix does not switch environments', async () => {
    const { key } = await issueKey(store, { name: 'forge', environment: 'dev' });
    const forged = key.replace('pcl_dev_', 'pcl_prod_');
    const res = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(401);
  });
});
