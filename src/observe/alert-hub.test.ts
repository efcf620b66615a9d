import { describe, expect, it } from 'vitest';
import { createAlertHub, type AlertDestination } from './alert-hub.js';
import type { AlertEvent, StoredAlert } from './alerts.js';
import { retryingDestination, DeliveryError } from './sinks/retrying-queue.js';

const alert = (over: Partial<AlertEvent> = {}): AlertEvent => ({
  kind: 'volume_spike',
  time: '2026-03-02T10:00:00.000Z',
  subject: 'environment:prod',
  message: 'spike',
  evidence: { callsThisHour: 500 },
  ...over,
});

function recording(): AlertDestination & { received: StoredAlert[] } {
  const received: StoredAlert[] = [];
  return { name: 'memory', received, accept: (a) => void received.push(a), close: () => Promise.resolve() };
}

describe('alert hub', () => {
  it('raises the same alert once per cooldown, stamped with an id and its environment', () => {
    let now = 1_000_000;
    const sink = recording();
    const counts: string[] = [];
    const hub = createAlertHub({
      cooldownMs: 60_000,
      destinations: [sink],
      clock: () => now,
      counters: { raised: (k) => counts.push(`raised:${k}`), suppressed: (k) => counts.push(`suppressed:${k}`) },
    });
    expect(hub.raise(alert(), 'prod')?.id).toMatch(/^alr_[0-9a-f]{28}$/);
    now += 59_999;
    expect(hub.raise(alert(), 'prod')).toBeUndefined();
    // Another subject, kind or environment is another alert.
    expect(hub.raise(alert({ subject: 'environment:dev' }), 'dev')).toBeDefined();
    expect(hub.raise(alert({ kind: 'error_rate' }), 'prod')).toBeDefined();
    now += 1;
    expect(hub.raise(alert(), 'prod')).toBeDefined();
    expect(sink.received.map((a) => [a.kind, a.environment])).toEqual([
      ['volume_spike', 'prod'],
      ['volume_spike', 'dev'],
      ['error_rate', 'prod'],
      ['volume_spike', 'prod'],
    ]);
    expect(counts.filter((c) => c.startsWith('suppressed'))).toEqual(['suppressed:volume_spike']);
  });

  it('takes budget alerts through emit, reading the environment from the budget name, without a cooldown', () => {
    const sink = recording();
    const hub = createAlertHub({ cooldownMs: 3_600_000, destinations: [sink], clock: () => 0 });
    // The budget stage raises each threshold once per period itself: 50 % then 80 % both arrive.
    hub.emit(alert({ kind: 'budget_threshold', subject: 'usd-month:env:prod', evidence: { thresholdPercent: 50 } }));
    hub.emit(alert({ kind: 'budget_threshold', subject: 'usd-month:env:prod', evidence: { thresholdPercent: 80 } }));
    hub.emit(alert({ kind: 'budget_threshold', subject: 'usd-day:key:key_abc' }));
    expect(sink.received.map((a) => [a.environment, a.evidence.thresholdPercent])).toEqual([
      ['prod', 50],
      ['prod', 80],
      [undefined, undefined],
    ]);
    expect('environment' in sink.received[2]!).toBe(false);
  });
});

describe('retrying delivery', () => {
  const stored = (id: string): StoredAlert => ({ ...alert(), id });

  it('retries with backoff until delivered, in order, and counts retries', async () => {
    const waits: number[] = [];
    const attempts: string[] = [];
    const counted: string[] = [];
    let failuresLeft = 2;
    const destination = retryingDestination(
      'test',
      (a) => {
        attempts.push(a.id);
        if (failuresLeft-- > 0) return Promise.reject(new Error('connection refused'));
        return Promise.resolve();
      },
      {
        maxAttempts: 5,
        initialBackoffMs: 100,
        maxBackoffMs: 150,
        maxPending: 10,
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
        counters: { failed: (d, r) => counted.push(`failed:${d}:${r}`), retried: (d) => counted.push(`retried:${d}`) },
      },
    );
    destination.accept(stored('a'));
    destination.accept(stored('b'));
    await destination.close(1_000);
    expect(attempts).toEqual(['a', 'a', 'a', 'b']);
    expect(counted).toEqual(['retried:test', 'retried:test']);
    // Backoff 100 then 150 (capped), each jittered into its upper half.
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(75);
    expect(waits[1]).toBeLessThanOrEqual(150);
  });

  it('gives up after maxAttempts, at once on a refusal, and drops beyond maxPending — each counted', async () => {
    const counted: string[] = [];
    const failures: string[] = [];
    const destination = retryingDestination(
      'test',
      (a) => Promise.reject(a.id === 'refused' ? new DeliveryError('400', false) : new Error('down')),
      {
        maxAttempts: 3,
        initialBackoffMs: 1,
        maxBackoffMs: 1,
        // The alert being delivered is not pending: one more waits, the third is dropped.
        maxPending: 1,
        sleep: () => Promise.resolve(),
        counters: { failed: (d, r) => counted.push(`failed:${r}`), retried: () => counted.push('retried') },
        onFailure: (_d, id) => failures.push(id),
      },
    );
    destination.accept(stored('exhausted'));
    destination.accept(stored('refused'));
    destination.accept(stored('one-too-many'));
    await destination.close(1_000);
    expect(failures.sort()).toEqual(['exhausted', 'one-too-many', 'refused']);
    expect(counted.sort()).toEqual(['failed:exhausted', 'failed:queue_full', 'failed:rejected', 'retried', 'retried']);
  });
});
