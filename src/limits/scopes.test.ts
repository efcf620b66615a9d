import { describe, expect, it } from 'vitest';
import { makeContext } from '../../test/helpers/context.js';
import { parseConfig } from '../config/load.js';
import type { KeyLimits } from '../store/types.js';
import { consumptionSpecs, mayHaveConsumptionCounters, mayHaveRequestCounters, requestSpecs, scopesOf } from './scopes.js';

const key = (limits: KeyLimits | null) => ({
  id: 'key_s',
  name: 's',
  environment: 'dev',
  user: null,
  allowedModels: null,
  createdAt: '',
  expiresAt: null,
  revokedAt: null,
  rotatedAt: null,
  limits,
});

describe('the shortcut past building scopes when no limit can apply', () => {
  const configs = [
    { environments: { dev: {} } },
    { environments: { dev: { limits: { perKey: {} } } } },
    { environments: { dev: { limits: { perKey: {}, perIp: { tokensPerMinute: 10 } } } } },
    { environments: { dev: { limits: { perKey: {}, perUser: { maxConcurrent: 2 } } } } },
    { environments: { dev: { limits: { perKey: {} }, budgets: { environment: { usdPerMonth: 2 } } } } },
    { environments: { dev: { limits: { perKey: {} } } }, limits: { global: { requestsPerMinute: 5 } } },
    { environments: { dev: { limits: { perKey: {} } } }, budgets: { global: { usdPerDay: 1 } } },
  ];
  const keyLimits: (KeyLimits | null)[] = [null, {}, { requestsPerMinute: 3 }, { tokensPerMinute: 0 }, { budgetUsd: { amount: 1, period: 'day' } }, { requestsPerMinute: 0 }];

  it('never skips a request that would have had a counter', () => {
    for (const input of configs) {
      const config = parseConfig(input, 'test');
      for (const limits of keyLimits) {
        for (const user of [undefined, 'u_1']) {
          const ctx = makeContext({ key: key(limits), environment: 'dev' });
          ctx.user = user;
          const scopes = scopesOf(config, ctx);
          const requests = requestSpecs(scopes, 60_000).specs.length > 0;
          const consumption = consumptionSpecs(scopes, 10, 10, Date.UTC(2026, 0, 1), 'UTC').specs.length > 0;
          if (requests) expect(mayHaveRequestCounters(config, ctx)).toBe(true);
          if (consumption) expect(mayHaveConsumptionCounters(config, ctx)).toBe(true);
        }
      }
    }
  });

  it('skips when limits are off', () => {
    const config = parseConfig(configs[1], 'test');
    const ctx = makeContext({ key: key(null), environment: 'dev' });
    ctx.user = 'u_1';
    expect(mayHaveRequestCounters(config, ctx)).toBe(false);
    expect(mayHaveConsumptionCounters(config, ctx)).toBe(false);
  });
});
