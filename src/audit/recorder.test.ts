import { describe, expect, it, vi } from 'vitest';
import type { AlertEvent } from '../observe/alerts.js';
import { sampleAuditEvent } from '../../test/helpers/audit-event.js';
import type { AuditStore } from '../store/types.js';
import type { AuditEvent } from './event.js';
import { createAuditRecorder } from './recorder.js';

/** A store that records batches, and holds each write until released when asked to. */
function fakeStore(hold = false) {
  const batches: AuditEvent[][] = [];
  const releases: (() => void)[] = [];
  let holding = hold;
  const store: AuditStore = {
    appendAudit(events) {
      batches.push([...events]);
      if (!holding) return Promise.resolve();
      return new Promise<void>((resolve) => {
        releases.push(resolve);
      });
    },
    queryAudit: () => Promise.resolve([]),
  };
  const release = (): void => {
    holding = false;
    for (const resolve of releases.splice(0)) resolve();
  };
  return { store, batches, release };
}

const event = (i: number) => sampleAuditEvent({ requestId: `req_${i}` });

describe('audit recorder batching', () => {
  it('writes a batch as soon as maxBatch events wait, and the rest at the interval or on flush', async () => {
    const { store, batches } = fakeStore();
    const recorder = createAuditRecorder({ store, logger: undefined, flushIntervalMs: 60_000, maxBatch: 4 });
    for (let i = 0; i < 10; i++) recorder.record(event(i));
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches.map((b) => b.length)).toEqual([4, 4]);
    await recorder.flush();
    expect(batches.map((b) => b.map((e) => e.requestId))).toEqual([
      ['req_0', 'req_1', 'req_2', 'req_3'],
      ['req_4', 'req_5', 'req_6', 'req_7'],
      ['req_8', 'req_9'],
    ]);
    expect(recorder.dropped).toBe(0);
  });

  it('counts events handed to a slow store against the queue bound, and drops beyond it', async () => {
    const { store, batches, release } = fakeStore(true);
    const recorder = createAuditRecorder({ store, logger: undefined, flushIntervalMs: 60_000, maxBatch: 2, maxQueue: 5 });
    for (let i = 0; i < 8; i++) recorder.record(event(i));
    // Five accepted (two batches handed over, one event queued), three dropped.
    expect(recorder.dropped).toBe(3);
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await recorder.flush();
    expect(batches.flat().map((e) => e.requestId)).toEqual(['req_0', 'req_1', 'req_2', 'req_3', 'req_4']);
    // Room again once written.
    recorder.record(event(99));
    await recorder.flush();
    expect(batches.flat().at(-1)?.requestId).toBe('req_99');
    expect(recorder.dropped).toBe(3);
  });
});

describe('audit recorder durability', () => {
  /** A store that fails while `failing` is set, and records what it committed. */
  function flakyStore() {
    const committed: string[] = [];
    const state = { failing: true, attempts: 0 };
    const store: AuditStore = {
      appendAudit(events) {
        state.attempts++;
        if (state.failing) return Promise.reject(new Error('database unavailable'));
        committed.push(...events.map((e) => e.requestId));
        return Promise.resolve();
      },
      queryAudit: () => Promise.resolve([]),
    };
    return { store, committed, state };
  }

  it('keeps a failed batch and retries it: nothing is lost once the store recovers', async () => {
    const { store, committed, state } = flakyStore();
    const alerts: AlertEvent[] = [];
    const acked: string[] = [];
    const recorder = createAuditRecorder({
      store,
      logger: undefined,
      alerts: { emit: (a) => alerts.push(a) },
      onCommitted: (batch) => acked.push(...batch.map((e) => e.requestId)),
      flushIntervalMs: 1,
      retryMaxMs: 5,
    });
    for (let i = 0; i < 5; i++) recorder.record(event(i));
    await vi.waitFor(() => {
      expect(state.attempts).toBeGreaterThanOrEqual(3);
    });
    expect(recorder.acknowledged).toBe(0);
    expect(recorder.pending).toBe(5);
    state.failing = false;
    recorder.record(event(5));
    await vi.waitFor(() => {
      expect(recorder.acknowledged).toBe(6);
    });
    expect(committed).toEqual(['req_0', 'req_1', 'req_2', 'req_3', 'req_4', 'req_5']);
    expect(acked).toEqual(committed);
    expect(recorder.dropped).toBe(0);
    expect(recorder.pending).toBe(0);
    // One alert for the failing streak, with the evidence of what waits.
    expect(alerts.map((a) => a.kind)).toEqual(['audit_write_failed']);
    expect(alerts[0]!.evidence.pending).toBe(5);
    await recorder.flush();
  });

  it('a full queue drops new events, counts them and raises one audit_dropped alert', async () => {
    const { store, state } = flakyStore();
    const alerts: AlertEvent[] = [];
    const recorder = createAuditRecorder({ store, logger: undefined, alerts: { emit: (a) => alerts.push(a) }, flushIntervalMs: 60_000, maxQueue: 3 });
    for (let i = 0; i < 10; i++) recorder.record(event(i));
    expect(recorder.dropped).toBe(7);
    expect(recorder.pending).toBe(3);
    const dropAlerts = alerts.filter((a) => a.kind === 'audit_dropped');
    expect(dropAlerts).toHaveLength(1);
    expect(dropAlerts[0]!.evidence).toMatchObject({ reason: 'queue_full', maxQueue: 3, dropped: 1 });
    state.failing = false;
    await recorder.flush();
    expect(recorder.acknowledged).toBe(3);
  });

  it('the final flush retries, then counts what the store still refuses as dropped and alerts', async () => {
    const { store, state } = flakyStore();
    const alerts: AlertEvent[] = [];
    const recorder = createAuditRecorder({ store, logger: undefined, alerts: { emit: (a) => alerts.push(a) }, flushIntervalMs: 60_000 });
    recorder.record(event(1));
    recorder.record(event(2));
    await recorder.flush();
    expect(state.attempts).toBe(3);
    expect(recorder.dropped).toBe(2);
    expect(recorder.pending).toBe(0);
    expect(alerts.at(-1)).toMatchObject({ kind: 'audit_dropped', evidence: { reason: 'store_failed_at_flush', lost: 2 } });
  });
});
