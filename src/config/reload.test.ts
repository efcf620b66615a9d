import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';
import { restartOnlyChanges } from './reload.js';

const base = { environments: { dev: { providers: { openai: { type: 'openai', apiKey: 'env:OPENAI_API_KEY' } } } } };

describe('restartOnlyChanges', () => {
  it('lets the pipeline, provider and upstream settings change live', () => {
    const running = parseConfig(base);
    const next = parseConfig({
      ...base,
      environments: { dev: { ...base.environments.dev, allowedModels: ['gpt-4o-mini'] }, prod: { providers: {} } },
      budgets: { global: { usdPerDay: 10 } },
      limits: { global: { requestsPerMinute: 5 }, onStoreError: { rateLimits: 'fail-open' } },
      server: { shutdownDrainMs: 1_000 },
      egress: { allowHosts: ['example.com'] },
    });
    expect(restartOnlyChanges(running, next)).toEqual([]);
  });

  it('names every restart-only setting that changed, by path', () => {
    const running = parseConfig(base);
    const next = parseConfig({
      ...base,
      server: { port: 9999 },
      store: { kind: 'memory' },
      limits: { store: { kind: 'sqlite' } },
      log: { level: 'debug' },
      dataDir: '/elsewhere',
    });
    expect(restartOnlyChanges(running, next).sort()).toEqual(['dataDir', 'limits.store', 'log', 'server.port', 'store']);
  });

  it('an identical config changes nothing', () => {
    expect(restartOnlyChanges(parseConfig(base), parseConfig(base))).toEqual([]);
  });
});
