import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { AuditEvent } from '../../audit/event.js';

/**
 * Writes audit batches to the SQLite file from a worker thread, over the worker's own connection
 * (WAL lets it write while the gateway's connection reads). Inserting a batch — one transaction,
 * a row per event in a table with three indexes — takes about 10 µs per event; on the gateway's
 * thread that was a pause of several milliseconds every flush, felt by every request in flight
 * (bench/RESULTS.md). The gateway's thread only serializes each event (the same JSON as before).
 *
 * Batches are written in the order they were appended, one at a time; `append` resolves once its
 * batch is committed and rejects when the write failed (the worker keeps serving later batches).
 * If the worker itself dies (or cannot start), its batches in flight and every later one are
 * written on the calling thread: the audit degrades in speed, never in completeness.
 */
export interface AuditWriter {
  append(events: readonly AuditEvent[]): Promise<void>;
  /** Waits for every appended batch, then stops the worker. */
  close(): Promise<void>;
}

/** Flat rows: request_id, time, key_id, user, environment, event JSON — six values per event. */
type Row = string | null;

export const INSERT_AUDIT_SQL =
  'INSERT OR IGNORE INTO audit_events (request_id, time, key_id, user, environment, event) VALUES (?, ?, ?, ?, ?, ?)';

/**
 * The worker's code, evaluated as CommonJS: the same in the compiled build and under the test
 * runner (a separate .js file would not exist when running from source). better-sqlite3 is
 * loaded from the path the gateway itself resolves.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
// WAL with NORMAL: a committed batch survives a crash of the process. FULL (store.auditSync):
// each commit also syncs the WAL to disk before it is acknowledged, so it survives a power loss
// too, for one fsync per batch.
db.pragma(workerData.synchronous === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL');
const insert = db.prepare(workerData.sql);
const write = db.transaction((lines, index) => {
  const keys = JSON.parse(index);
  let i = 0;
  for (const line of lines.split('\\n')) {
    const k = keys[i++];
    insert.run(k[0], k[1], k[2], k[3], k[4], line);
  }
});
parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    write(message.lines, message.index);
    parentPort.postMessage({ id: message.id });
  } catch (err) {
    parentPort.postMessage({ id: message.id, error: String((err && err.message) || err) });
  }
});
`;

/**
 * A batch as one string, an event's JSON per line (JSON.stringify never writes a raw newline):
 * handing one string to the worker is a copy, where an array of values is cloned value by value.
 */
export function toLines(events: readonly AuditEvent[]): string {
  const lines = new Array<string>(events.length);
  for (let i = 0; i < events.length; i++) lines[i] = JSON.stringify(events[i]);
  return lines.join('\n');
}

/**
 * The indexed columns of a batch, as JSON: `[[requestId, time, keyId, user, environment], …]`,
 * in the order of `toLines`. The worker reads them from here rather than parsing every event's
 * whole JSON again (the larger part of its CPU per event).
 */
export function toIndex(events: readonly AuditEvent[]): string {
  const keys = new Array<readonly (string | null)[]>(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    keys[i] = [e.requestId, e.time, e.keyId, e.user, e.environment];
  }
  return JSON.stringify(keys);
}

/** Flat rows for the in-thread writer. */
export function toRows(events: readonly AuditEvent[]): Row[] {
  const rows: Row[] = new Array<Row>(events.length * 6);
  let j = 0;
  for (const e of events) {
    rows[j++] = e.requestId;
    rows[j++] = e.time;
    rows[j++] = e.keyId;
    rows[j++] = e.user;
    rows[j++] = e.environment;
    rows[j++] = JSON.stringify(e);
  }
  return rows;
}

interface Pending {
  readonly events: readonly AuditEvent[];
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

export interface AuditWriterOptions {
  readonly path: string;
  /** Writes rows on the calling thread: used once the worker is gone. */
  readonly writeHere: (rows: readonly Row[]) => void;
  /** When a batch is acknowledged: committed (`normal`, the default) or also synced to disk (`full`). */
  readonly synchronous?: 'normal' | 'full';
}

export function createAuditWriter(options: AuditWriterOptions): AuditWriter {
  let worker: Worker | undefined;
  let dead = false;
  let nextId = 0;
  const pending = new Map<number, Pending>();
  let closing: Promise<void> | undefined;
  /** Settles once every batch appended so far is written or failed. */
  let last: Promise<unknown> = Promise.resolve();

  /**
   * The worker died: its batches in flight are written here instead (a batch it committed just
   * before dying is ignored the second time: request ids are the table's primary key).
   */
  const alive = (): boolean => !dead;
  const rescue = (): void => {
    dead = true;
    for (const p of pending.values()) {
      try {
        options.writeHere(toRows(p.events));
        p.resolve();
      } catch (err) {
        p.reject(err instanceof Error ? err : new Error(String(err)));
      }
    }
    pending.clear();
  };

  const start = (): Worker => {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path: options.path, sql: INSERT_AUDIT_SQL, driver: createRequire(import.meta.url).resolve('better-sqlite3'), synchronous: options.synchronous ?? 'normal' },
    });
    w.on('message', (message: { id: number; error?: string }) => {
      const p = pending.get(message.id);
      if (!p) return;
      pending.delete(message.id);
      if (message.error === undefined) p.resolve();
      else p.reject(new Error(`audit write failed: ${message.error}`));
      // An idle worker does not keep the process alive; one with a batch in flight does.
      if (pending.size === 0) w.unref();
    });
    w.on('error', rescue);
    w.on('exit', rescue);
    w.unref();
    return w;
  };

  return {
    append(events) {
      if (events.length === 0) return Promise.resolve();
      if (dead || closing) {
        try {
          options.writeHere(toRows(events));
          return Promise.resolve();
        } catch (err) {
          return Promise.reject(err instanceof Error ? err : new Error(String(err)));
        }
      }
      // Started on the first batch: the CLI, which writes no audit, never starts a thread.
      worker ??= start();
      const w = worker;
      const id = nextId++;
      const written = new Promise<void>((resolve, reject) => {
        pending.set(id, { events, resolve, reject });
        w.ref();
        w.postMessage({ id, lines: toLines(events), index: toIndex(events) });
      });
      last = written.catch(() => undefined);
      return written;
    },
    close() {
      closing ??= (async () => {
        const w = worker;
        if (!w || dead) return;
        // Every appended batch first, then the worker closes its connection and exits.
        await last;
        // (The worker may have died meanwhile; its batches were then written here.)
        if (!alive()) return;
        const exited = new Promise<void>((resolve) => w.once('exit', () => {
          resolve();
        }));
        w.ref();
        w.postMessage({ close: true });
        await exited;
      })();
      return closing;
    },
  };
}
