import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import type { ConfigInput } from '../../src/config/schema.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { streamRequest } from '../helpers/serve-process.js';

const LONG_PROMPT = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');

/** Gateway.reload (what SIGHUP calls): new requests get the new config, requests in flight keep theirs. */
describe('config reload in a running gateway', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway({ chunkDelayMs: 20 });
  });
  afterAll(() => t.close());

  const ask = async (model: string): Promise<number> => {
    const res = await fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, max_completion_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
    });
    await res.text();
    return res.status;
  };
  /** The running config as input, with the dev environment changed. */
  const withDev = (dev: Record<string, unknown>): ConfigInput => {
    const running = t.gateway.config;
    return { ...running, environments: { ...running.environments, dev: { ...running.environments.dev, ...dev } } };
  };

  it('applies to new requests while a stream that began before finishes on the old pipeline', async () => {
    expect(await ask('gpt-4o')).toBe(200);
    const inFlight = await streamRequest(t.url, t.key, { model: 'gpt-4o', messages: [{ role: 'user', content: LONG_PROMPT }] });
    await t.gateway.reload(parseConfig(withDev({ allowedModels: ['gpt-4o-mini'] })));
    expect(await ask('gpt-4o')).toBe(403);
    expect(await ask('gpt-4o-mini')).toBe(200);
    const text = await inFlight.rest;
    expect(text).toContain('data: [DONE]');
    expect(text).not.toContain('model_not_allowed');
    expect(t.gateway.config.environments.dev?.allowedModels).toEqual(['gpt-4o-mini']);
  });

  it('refuses a restart-only change as a whole, keeping the running config', async () => {
    const running = t.gateway.config;
    const next = parseConfig({ ...withDev({ allowedModels: ['gpt-4o'] }), server: { ...running.server, bodyLimitBytes: 1024 } });
    await expect(t.gateway.reload(next)).rejects.toThrow(/restart-only settings changed \(server\.bodyLimitBytes\)/);
    expect(t.gateway.config).toBe(running);
    expect(await ask('gpt-4o')).toBe(403);
  });

  it('refuses a config whose provider key does not resolve, keeping the running config', async () => {
    const running = t.gateway.config;
    const dev = running.environments.dev!;
    const broken = withDev({ allowedModels: ['gpt-4o'], providers: { ...dev.providers, openai: { ...dev.providers.openai, apiKey: 'env:PCL_NO_SUCH_VARIABLE' } } });
    await expect(t.gateway.reload(parseConfig(broken))).rejects.toThrow(/PCL_NO_SUCH_VARIABLE/);
    expect(t.gateway.config).toBe(running);
    expect(await ask('gpt-4o-mini')).toBe(200);
  });
});
