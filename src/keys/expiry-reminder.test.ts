import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../observe/alerts.js';
import { createLogger } from '../observe/logger.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import { startExpiryReminders } from './expiry-reminder.js';
import { issueKey, rotateKeySecret } from './issue.js';

const DAY = 86_400_000;

describe('gateway key expiry reminders', () => {
  it('alerts once per key within the reminder window, not for far, expired, revoked or never-expiring keys', async () => {
    const store = createMemoryStore();
    const start = Date.parse('2026-01-01T00:00:00Z');
    let now = start;
    const soon = await issueKey(store, { name: 'soon', environment: 'prod', expiresInMs: 10 * DAY }, new Date(start));
    const later = await issueKey(store, { name: 'later', environment: 'prod', expiresInMs: 30 * DAY }, new Date(start));
    await issueKey(store, { name: 'forever', environment: 'prod' }, new Date(start));
    await issueKey(store, { name: 'gone', environment: 'prod', expiresInMs: 1 * DAY }, new Date(start - 2 * DAY));
    const revoked = await issueKey(store, { name: 'revoked', environment: 'prod', expiresInMs: 5 * DAY }, new Date(start));
    await store.revokeKey(revoked.record.id, new Date(start));

    const alerts: AlertEvent[] = [];
    const reminders = startExpiryReminders({ store, alerts: { emit: (a) => alerts.push(a) }, logger: createLogger('silent'), reminderDays: 14, checkIntervalMs: 3_600_000, now: () => now });
    try {
      expect(await reminders.check()).toEqual([soon.record.id]);
      expect(alerts).toEqual([
        expect.objectContaining({ kind: 'gateway_key_expiring', subject: soon.record.id, evidence: expect.objectContaining({ daysLeft: 10, environment: 'prod' }) as unknown }),
      ]);
      // Deduplicated: the next checks say nothing new about it.
      expect(await reminders.check()).toEqual([]);
      // Rotation keeps the id and the expiry: still one reminder.
      await rotateKeySecret(store, soon.record.id, 0, new Date(now));
      expect(await reminders.check()).toEqual([]);
      now += 17 * DAY; // `later` is now 13 days from expiry
      expect(await reminders.check()).toEqual([later.record.id]);
      expect(alerts).toHaveLength(2);
      expect(JSON.stringify(alerts)).not.toContain('pcl_');
    } finally {
      reminders.stop();
    }
  });

  it('does nothing with reminderDays 0', async () => {
    const store = createMemoryStore();
    await issueKey(store, { name: 'soon', environment: 'prod', expiresInMs: DAY });
    const alerts: AlertEvent[] = [];
    const reminders = startExpiryReminders({ store, alerts: { emit: (a) => alerts.push(a) }, logger: createLogger('silent'), reminderDays: 0, checkIntervalMs: 1_000 });
    expect(await reminders.check()).toEqual([]);
    reminders.stop();
    expect(alerts).toEqual([]);
  });
});
