import { describe, expect, it } from 'vitest';
import { mergePolicy } from '../pipeline/guard/policy.js';
import { ConfigError, parseConfig } from './load.js';

const withGuard = (guard: unknown, extra: Record<string, unknown> = {}): unknown => ({ environments: { dev: { guard } }, ...extra });

describe('guard configuration', () => {
  it('defaults to blocking injections in user, tool and document text, with moderation and filters off', () => {
    const guard = parseConfig({ environments: { dev: {} } }).environments.dev!.guard;
    expect(guard.injection).toEqual({ action: 'block', thresholds: {}, scan: ['user', 'tool', 'document'] });
    expect(guard.filters.profiles).toEqual([]);
    expect(guard.moderation.enabled).toBe(false);
    expect(guard.moderation.onError).toBe('fail-closed');
    expect(guard.moderation.model).toBe('omni-moderation-latest');
  });

  it('refuses an unknown topic in a filter profile', () => {
    expect(() => parseConfig(withGuard({}, { filterProfiles: { mine: { denyTopics: ['astrology'] } } }))).toThrow(/filterProfiles\.mine\.denyTopics\.0: unknown topic "astrology"/);
  });

  it('refuses an unknown filter profile with its path', () => {
    expect(() => parseConfig(withGuard({ filters: { profiles: ['kidz'] } }))).toThrow(/environments\.dev\.guard\.filters\.profiles\.0: unknown filter profile "kidz"/);
    expect(() => parseConfig(withGuard({ perKey: { key_abc: { filters: { profiles: ['nope'] } } } }))).toThrow(ConfigError);
    expect(() => parseConfig(withGuard({ filters: { profiles: ['kids', 'mine'] } }, { filterProfiles: { mine: { denyTerms: ['x'] } } }))).not.toThrow();
  });

  it('refuses a custom profile named like a built-in one, and an invalid regex', () => {
    expect(() => parseConfig(withGuard({}, { filterProfiles: { kids: { denyTerms: ['x'] } } }))).toThrow(/filterProfiles\.kids: "kids" is a built-in profile/);
    expect(() => parseConfig(withGuard({}, { filterProfiles: { mine: { regex: ['(unclosed'] } } }))).toThrow(/filterProfiles\.mine\.regex\.0: not a valid regular expression/);
  });

  it('refuses unknown moderation categories and out-of-range thresholds', () => {
    expect(() => parseConfig(withGuard({ moderation: { thresholds: { violense: 0.5 } } }))).toThrow(ConfigError);
    expect(() => parseConfig(withGuard({ injection: { thresholds: { injection: 1.5 } } }))).toThrow(ConfigError);
    expect(() => parseConfig(withGuard({ perKey: { 'not-a-key-id': {} } }))).toThrow(/guard\.perKey\.not-a-key-id/);
  });

  it("merges a key's override over its environment's policy, field by field", () => {
    const env = parseConfig(withGuard({ injection: { thresholds: { injection: 0.9 } }, moderation: { enabled: true, thresholds: { violence: 0.4 } } })).environments.dev!.guard;
    const base = { injection: env.injection, filters: env.filters, moderation: env.moderation };
    const merged = mergePolicy(base, { injection: { action: 'flag', thresholds: { jailbreak: 0.7 } }, moderation: { thresholds: { hate: 0.3 } } });
    expect(merged.injection).toEqual({ action: 'flag', thresholds: { injection: 0.9, jailbreak: 0.7 }, scan: ['user', 'tool', 'document'] });
    expect(merged.moderation.thresholds).toEqual({ violence: 0.4, hate: 0.3 });
    expect(merged.moderation.enabled).toBe(true);
    expect(merged.filters).toEqual(base.filters);
    expect(mergePolicy(base, undefined)).toBe(base);
  });
});

describe('portcullis.example.yaml', () => {
  it('is a valid configuration that sets the guard options', async () => {
    const { readConfigInput } = await import('./load.js');
    const path = new URL('../../portcullis.example.yaml', import.meta.url).pathname;
    const config = parseConfig(readConfigInput(path, {}), path);
    expect(config.environments.dev?.guard.moderation.enabled).toBe(true);
    expect(config.filterProfiles['support-desk']?.denyTopics).toEqual(['legal-advice']);
  });
});
