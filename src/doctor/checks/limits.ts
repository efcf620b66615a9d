import type { RateLimitsConfig } from '../../config/schema.js';
import { listNames } from '../environments.js';
import { result, type Check } from '../types.js';

const limitsRate = (l: RateLimitsConfig | undefined): boolean => l?.requestsPerMinute !== undefined || l?.tokensPerMinute !== undefined;

export const perUserRateLimits: Check = {
  id: 'rate-limits-per-user',
  title: 'Rate limits per end user',
  run(ctx) {
    const missing = Object.entries(ctx.config.environments).filter(([, env]) => !limitsRate(env.limits.perUser)).map(([name]) => name);
    if (missing.length > 0) {
      return result(this, 'fail', `No per-user request or token rate in: ${listNames(missing)}. One user can use a whole key's allowance.`,
        'Set `environments.<env>.limits.perUser: { requestsPerMinute: 60, tokensPerMinute: 100000 }` (and send end-user ids: X-Portcullis-User or per-user keys).');
    }
    return result(this, 'pass', 'Every environment limits each end user\'s requests or tokens per minute.');
  },
};

export const globalRateLimits: Check = {
  id: 'rate-limits-global',
  title: 'Global rate limit',
  run(ctx) {
    if (limitsRate(ctx.config.limits.global)) return result(this, 'pass', 'limits.global caps requests or tokens per minute over all environments.');
    const missing = Object.entries(ctx.config.environments).filter(([, env]) => !limitsRate(env.limits.environment)).map(([name]) => name);
    if (missing.length === 0) return result(this, 'pass', 'Every environment has an environment-wide request or token rate (no limits.global).');
    return result(this, 'fail', `No limits.global and no environment-wide rate in: ${listNames(missing)}. Many keys together can exhaust the provider quota.`,
      'Set `limits.global: { requestsPerMinute: …, tokensPerMinute: … }` below your provider quota.');
  },
};

export const spendCaps: Check = {
  id: 'spend-caps',
  title: 'Spend caps',
  run(ctx) {
    const global = ctx.config.budgets.global;
    const hasGlobal = global?.usdPerDay !== undefined || global?.usdPerMonth !== undefined;
    const uncapped = Object.entries(ctx.config.environments)
      .filter(([, env]) => {
        const b = env.budgets;
        return ![b.environment, b.perKey].some((x) => x?.usdPerDay !== undefined || x?.usdPerMonth !== undefined);
      })
      .map(([name]) => name);
    if (hasGlobal && uncapped.length === 0) return result(this, 'pass', 'A global budget and a budget in every environment.');
    if (hasGlobal) return result(this, 'pass', `budgets.global caps all spending${uncapped.length > 0 ? ` (no own budget in ${listNames(uncapped)})` : ''}.`);
    if (uncapped.length === 0) return result(this, 'pass', 'Every environment has a budget (environment-wide or per key).');
    return result(this, 'fail', `No spending cap applies to: ${listNames(uncapped)}.`,
      'Set `budgets.global: { usdPerMonth: … }` and/or `environments.<env>.budgets.environment` / `perKey`.');
  },
};
