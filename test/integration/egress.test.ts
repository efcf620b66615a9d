import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { createGateway, type Gateway } from '../../src/gateway.js';
import { issueKey } from '../../src/keys/issue.js';
import { startMockProvider, type MockProvider } from '../../src/mock/server.js';
import { createLogger } from '../../src/observe/logger.js';
import { createEnvSource } from '../../src/secrets/env-source.js';
import { createSecretResolver } from '../../src/secrets/resolve.js';
import { createMemoryStore } from '../../src/store/memory/memory-store.js';
import { fakeProviderKey, startTestGateway, type TestGateway } from '../helpers/gateway.js';

describe('egress allow-list', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function gatewayTo(upstream: MockProvider, providerKey: string, egress: Record<string, unknown>): Promise<{ gateway: Gateway; url: string; key: string }> {
    const store = createMemoryStore();
    const config = parseConfig({
      store: { kind: 'memory' },
      audit: { pseudonymSecret: 'env:PSEUDO' },
      egress,
      environments: { dev: { providers: { openai: { type: 'openai', baseUrl: upstream.url, apiKey: 'env:KEY' } } } },
    });
    const gateway = await createGateway(config, {
      store,
      logger: createLogger('silent'),
      secrets: createSecretResolver([createEnvSource({ KEY: providerKey, PSEUDO: 'pseudonym-secret-for-tests' })]),
    });
    closers.push(() => gateway.close());
    const url = await gateway.listen(0, '127.0.0.1');
    const { key } = await issueKey(store, { name: 'e', environment: 'dev' });
    return { gateway, url, key };
  }

  const chat = (url: string, key: string): Promise<Response> =>
    fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
    });

  it('refuses a loopback/private upstream unless private networks are allowed, before connecting', async () => {
    const providerKey = fakeProviderKey();
    const upstream = await startMockProvider({ apiKey: providerKey });
    closers.push(() => upstream.close());
    const { url, key } = await gatewayTo(upstream, providerKey, {});
    const res = await chat(url, key);
    expect(res.status).toBe(502);
    expect(res.headers.get('x-portcullis-error-code')).toBe('egress_denied');
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses a name that resolves to a private address (DNS rebinding)', async () => {
    const providerKey = fakeProviderKey();
    const upstream = await startMockProvider({ apiKey: providerKey });
    closers.push(() => upstream.close());
    const viaName = { ...upstream, url: upstream.url.replace('127.0.0.1', 'localhost') };
    const { url, key } = await gatewayTo(viaName, providerKey, {});
    const res = await chat(url, key);
    expect(res.headers.get('x-portcullis-error-code')).toBe('egress_denied');
    expect(upstream.requests).toHaveLength(0);
  });

  it('does not follow an upstream redirect to another host', async () => {
    const elsewhereKey = fakeProviderKey();
    const elsewhere = await startMockProvider({ apiKey: elsewhereKey });
    closers.push(() => elsewhere.close());
    const t: TestGateway = await startTestGateway({ behavior: () => ({ kind: 'redirect', location: `${elsewhere.url}/v1/chat/completions` }) });
    closers.push(() => t.close());
    const res = await chat(t.url, t.key);
    expect(res.status).toBe(502);
    expect(res.headers.get('x-portcullis-error-code')).toBe('upstream_redirect_refused');
    expect(elsewhere.requests).toHaveLength(0);
  });
});
