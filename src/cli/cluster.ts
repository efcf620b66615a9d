import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import { loadOrCreatePseudonymSecret } from '../audit/pseudonymize.js';
import type { Config } from '../config/schema.js';
import { createSecretResolver, defaultSources } from '../secrets/resolve.js';
import { openStore } from '../store/index.js';
import { UsageError, type CliIo } from './io.js';

/** The message a worker sends its primary once it listens. */
export interface ListeningMessage {
  readonly type: 'portcullis:listening';
  readonly url: string;
}

export function isListeningMessage(message: unknown): message is ListeningMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'portcullis:listening';
}

/** `--workers N`, `--workers auto`, or `--workers` alone (auto: one per core). */
export function parseWorkers(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (value === '' || value === 'auto') return availableParallelism();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new UsageError('--workers takes a number of processes (1-1024) or "auto"');
  return n;
}

/** `--workers` given without a value (last, or followed by another option) means `auto`. */
export function normalizeWorkersFlag(argv: readonly string[]): string[] {
  const out = [...argv];
  const i = out.indexOf('--workers');
  if (i !== -1 && (i === out.length - 1 || out[i + 1]!.startsWith('-'))) out.splice(i + 1, 0, 'auto');
  return out;
}

/**
 * Several processes must share every piece of state that makes a limit or a key hold. The memory
 * stores live inside one process: with them, each worker would have its own keys, its own audit
 * and its own counters (N workers = N times every limit). Refused rather than warned about: a
 * security gateway whose limits silently multiply is worse than one that does not start.
 */
export function checkSharedStores(config: Config, workers: number): void {
  if (workers <= 1) return;
  if (config.store.kind === 'memory') {
    throw new Error(`store.kind "memory" keeps keys and audit inside one process; with --workers ${workers} use "sqlite" (one machine) or "postgres"`);
  }
  if (config.limits.store.kind === 'memory') {
    throw new Error(
      `limits.store.kind "memory" keeps counters inside one process, so ${workers} workers would each enforce every limit on their own; use "sqlite" (one machine), "redis" or "postgres"`,
    );
  }
}

export interface PrimaryOptions {
  readonly workers: number;
  readonly config: Config;
  readonly io: CliIo;
  /** Re-reads and validates the config file (on SIGHUP); throws when it is invalid. */
  readonly reloadConfig: () => Config;
  /** Called once every worker listens, with the URL they share (the demo banner in mock mode). */
  readonly onListening: (url: string) => Promise<void>;
}

/** node:cluster types say both are always set; at run time the one that does not apply is null. */
function describeExit(code: number | null, signal: string | null): string {
  return signal ? signal : `code ${String(code)}`;
}

/** A worker that crashes is replaced after 250 ms, doubling per crash in the last minute, up to 30 s. */
function restartDelayMs(recentCrashes: number): number {
  return Math.min(30_000, 250 * 2 ** Math.max(0, recentCrashes - 1));
}

/**
 * The primary of `serve --workers N`: forks the workers (each a whole gateway sharing the
 * listening socket through node:cluster), replaces a crashed one with backoff, forwards SIGTERM /
 * SIGINT (graceful shutdown) and SIGHUP (config reload) to every worker, and exits once they all
 * have. It serves no request itself.
 */
export async function runPrimary(options: PrimaryOptions): Promise<number> {
  const { workers, io } = options;
  /** The last valid config (SIGHUP replaces it): the shutdown backstop follows its timings. */
  let config = options.config;
  checkSharedStores(config, workers);
  // Made here, once, before any worker starts: N workers racing to create the pseudonym key or to
  // run the SQLite migrations would each be fine only most of the time.
  if (!config.audit.pseudonymSecret) loadOrCreatePseudonymSecret(config.dataDir);
  const store = await openStore(config, createSecretResolver(defaultSources(io.env)));
  await store.close();

  const listening = new Map<number, string>();
  const crashes: number[] = [];
  let started = false;
  let stopping = false;

  return new Promise<number>((resolve) => {
    let exitCode = 0;
    const finish = (code: number): void => {
      process.off('SIGTERM', onStop);
      process.off('SIGINT', onStop);
      process.off('SIGHUP', onHup);
      resolve(code);
    };
    const live = (): Worker[] => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());

    const fork = (): void => {
      const worker = cluster.fork({ PORTCULLIS_WORKER_OF: String(process.pid) });
      worker.on('message', (message: unknown) => {
        if (!isListeningMessage(message)) return;
        listening.set(worker.id, message.url);
        if (!started && listening.size === workers) {
          started = true;
          io.err(`portcullis listening on ${message.url} (${workers} workers, primary pid ${process.pid})`);
          void options.onListening(message.url).catch((err: unknown) => {
            io.err(`portcullis: ${(err as Error).message}`);
          });
        }
      });
      worker.on('exit', (code, signal) => {
        const wasListening = listening.delete(worker.id);
        if (stopping) {
          if (code !== 0) exitCode = 1;
          if (live().length === 0) finish(exitCode);
          return;
        }
        if (!started && !wasListening) {
          // A worker that cannot even start (bad config, store unreachable): so will the others.
          io.err(`portcullis: a worker failed to start (${describeExit(code, signal)}); stopping`);
          stopping = true;
          exitCode = 1;
          for (const w of live()) w.process.kill('SIGTERM');
          if (live().length === 0) finish(1);
          return;
        }
        const now = Date.now();
        crashes.push(now);
        while (crashes.length > 0 && crashes[0]! < now - 60_000) crashes.shift();
        const delay = restartDelayMs(crashes.length);
        io.err(`portcullis: worker ${worker.process.pid ?? '?'} exited (${describeExit(code, signal)}); starting a replacement in ${delay} ms`);
        setTimeout(() => {
          if (!stopping) fork();
        }, delay).unref();
      });
    };

    const onStop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      io.err(`portcullis: ${signal}: shutting down ${live().length} workers`);
      for (const w of live()) w.process.kill('SIGTERM');
      if (live().length === 0) finish(exitCode);
      // The workers bound their own shutdown; this only catches one that hangs.
      const deadline = setTimeout(() => {
        io.err('portcullis: shutdown deadline passed; killing the workers left');
        for (const w of live()) w.process.kill('SIGKILL');
        exitCode = 1;
      }, config.server.shutdownGraceMs + config.server.shutdownDrainMs + 15_000);
      deadline.unref();
    };
    const onHup = (): void => {
      try {
        config = options.reloadConfig();
      } catch (err) {
        io.err(`portcullis: config reload failed, the running config stays: ${(err as Error).message}`);
        return;
      }
      for (const w of live()) w.process.kill('SIGHUP');
    };
    process.on('SIGTERM', onStop);
    process.on('SIGINT', onStop);
    process.on('SIGHUP', onHup);
    for (let i = 0; i < workers; i++) fork();
  });
}
