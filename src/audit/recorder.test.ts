import { describe, expect, it } from 'vitest';
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
