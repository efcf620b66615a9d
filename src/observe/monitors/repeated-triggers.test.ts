import { describe, expect, it } from 'vitest';
import type { GuardFinding } from '../../pipeline/types.js';
import { MONITOR_DEFAULTS } from '../../config/monitoring.js';
import { createRepeatedTriggersMonitor } from './repeated-triggers.js';
import { collector, MONDAY, settled } from './test-support.js';
import { createUserBlocks } from './user-blocks.js';

const injection: GuardFinding = { stage: 'input-guard', kind: 'injection', rules: ['ignore-previous'], action: 'block', score: 0.97 };
const filter: GuardFinding = { stage: 'app-filter', kind: 'filter', rules: ['kids:violence'], action: 'block' };
const pii: GuardFinding = { stage: 'output-pii', kind: 'pii', rules: ['email'], action: 'redact' };
const settings = { ...MONITOR_DEFAULTS.repeatedTriggers, threshold: 3, windowMs: 600_000 };

describe('repeated-triggers monitor', () => {
  it('fires when one user triggers the guard N times within the window, with per-kind evidence', () => {
    const { raise, alerts } = collector();
    const monitor = createRepeatedTriggersMonitor(() => settings, raise, createUserBlocks());
    monitor.observe(settled({ user: 'u_mallory', findings: [injection] }), MONDAY);
    monitor.observe(settled({ user: 'u_mallory', findings: [filter] }), MONDAY + 60_000);
    expect(alerts).toEqual([]);
    monitor.observe(settled({ user: 'u_mallory', findings: [injection], requestId: 'req_third' }), MONDAY + 120_000);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.alert).toMatchObject({
      kind: 'repeated_triggers',
      subject: 'user:u_mallory',
      evidence: { triggers: 3, threshold: 3, 'kind.injection': 2, 'kind.filter': 1, lastRequestId: 'req_third', blockedUntil: null },
    });
  });

  it('stays quiet for triggers spread beyond the window, for different users, and for output findings', () => {
    const { raise, alerts } = collector();
    const monitor = createRepeatedTriggersMonitor(() => settings, raise, createUserBlocks());
    for (let i = 0; i < 10; i++) monitor.observe(settled({ user: 'u_slow', findings: [injection] }), MONDAY + i * 400_000);
    for (let i = 0; i < 10; i++) monitor.observe(settled({ user: `u_${i}`, findings: [injection] }), MONDAY + i);
    for (let i = 0; i < 10; i++) monitor.observe(settled({ user: 'u_pii', findings: [pii] }), MONDAY + i);
    for (let i = 0; i < 10; i++) monitor.observe(settled({ user: 'u_clean' }), MONDAY + i);
    expect(alerts).toEqual([]);
  });

  it('blocks the user for blockDurationMs when blockUser is on (never a key without a user)', () => {
    const { raise, alerts } = collector();
    const blocks = createUserBlocks();
    const monitor = createRepeatedTriggersMonitor(() => ({ ...settings, blockUser: true, blockDurationMs: 900_000 }), raise, blocks);
    for (let i = 0; i < 3; i++) monitor.observe(settled({ user: 'u_mallory', findings: [injection] }), MONDAY + i);
    for (let i = 0; i < 3; i++) monitor.observe(settled({ user: null, keyId: 'key_shared', findings: [injection] }), MONDAY + i);
    expect(alerts.map((a) => a.alert.subject)).toEqual(['user:u_mallory', 'key:key_shared']);
    expect(alerts[0]!.alert.evidence.blockedUntil).toBe(new Date(MONDAY + 2 + 900_000).toISOString());
    expect(alerts[1]!.alert.evidence.blockedUntil).toBeNull();
    expect(blocks.blockedUntil('u_mallory', MONDAY + 60_000)).toBe(MONDAY + 2 + 900_000);
    expect(blocks.blockedUntil('u_mallory', MONDAY + 2 + 900_000)).toBeUndefined();
    expect(blocks.size).toBe(0);
  });
});
