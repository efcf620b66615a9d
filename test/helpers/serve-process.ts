import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';

/**
 * A real `portcullis serve` process (from source, through tsx), for the tests that need what only
 * a process has: signals, a crash, node:cluster workers. Output is captured; `waitFor` resolves
 * once the output matches (a guard rejects after `guardMs` so a broken gateway fails the test with
 * its output instead of hanging it — not a timing assertion).
 */
export interface ServeProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The URL from `portcullis listening on URL`. */
  readonly url: string;
  /** stdout and stderr so far, interleaved as they came. */
  output(): string;
  /** Parsed JSON log lines (stdout) so far. */
  logLines(): Record<string, unknown>[];
  waitFor(pattern: RegExp, guardMs?: number): Promise<RegExpMatchArray>;
  /** Resolves once `predicate` holds, checked again whenever output arrives. */
  until(predicate: () => boolean, guardMs?: number): Promise<void>;
  /** Resolves, once its output is all read, with the exit code (null when killed by a signal) and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ServeOptions {
  readonly configPath: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly args?: readonly string[];
}

/**
 * Every gateway process a test file started and that still runs: killed when the test worker
 * exits, so a failed assertion (which skips the test's own stop) never leaves one behind.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startServe(options: ServeOptions): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--config', options.configPath, '--port', '0', ...(options.args ?? [])],
    { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  let stdout = '';
  const watchers = new Set<() => void>();
  const changed = (): void => {
    for (const watcher of [...watchers]) watcher();
  };
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    stdout += chunk.toString();
    changed();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    changed();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    // 'close', not 'exit': every byte the process wrote has been read by then.
    child.once('close', (code, signal) => {
      resolve({ code, signal });
      changed();
    });
  });

  const until = <T>(test: () => T | undefined, what: string, guardMs = 60_000): Promise<T> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = test();
        if (found !== undefined) {
          done();
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          done();
          reject(new Error(`gateway exited before ${what}:\n${out}`));
        }
      };
      const guard = setTimeout(() => {
        done();
        reject(new Error(`gateway did not reach ${what}:\n${out}`));
      }, guardMs);
      const done = (): void => {
        clearTimeout(guard);
        watchers.delete(check);
      };
      watchers.add(check);
      check();
    });
  const waitFor = (pattern: RegExp, guardMs?: number): Promise<RegExpMatchArray> => until(() => pattern.exec(out) ?? undefined, `printing ${String(pattern)}`, guardMs);

  let url: string;
  try {
    url = (await waitFor(/portcullis listening on (http:\/\/\S+)/))[1]!;
  } catch (err) {
    child.kill('SIGKILL'); // never leave a half-started gateway behind
    throw err;
  }
  return {
    child,
    pid: child.pid!,
    url,
    output: () => out,
    logLines: () =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => {
          try {
            return JSON.parse(line) as Record<string, unknown>;
          } catch {
            return {};
          }
        }),
    waitFor,
    until: (predicate, guardMs) => until(() => (predicate() ? true : undefined), 'the awaited state', guardMs).then(() => undefined),
    exited,
  };
}

/** Writes a JSON config file into `dir` and returns its path. */
export function writeConfig(dir: string, config: Record<string, unknown>, name = 'portcullis.json'): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

/** Kills a process (if still running) and waits for it to be gone. */
export async function stopProcess(serve: ServeProcess | undefined, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (!serve || serve.child.exitCode !== null || serve.child.signalCode !== null) return;
  serve.child.kill(signal);
  await serve.exited;
}

/**
 * Starts a stream on a connection of its own (so node:cluster spreads streams over the workers),
 * reads it until its first body chunk, and returns the rest as a promise.
 */
export async function streamRequest(url: string, key: string, body: Record<string, unknown>): Promise<{ status: number; rest: Promise<string> }> {
  const dispatcher = new Agent({ connections: 1 });
  const res = await undiciFetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true }),
    dispatcher,
  });
  if (!res.body) return { status: res.status, rest: Promise.resolve('') };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const first = await reader.read();
  let text = first.value ? decoder.decode(first.value, { stream: true }) : '';
  const rest = (async () => {
    try {
      if (first.done) return text;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return text;
        text += decoder.decode(value, { stream: true });
      }
    } finally {
      void dispatcher.close().catch(() => undefined);
    }
  })();
  // A stream cut on purpose (a killed gateway) rejects before the test looks: not unhandled.
  rest.catch(() => undefined);
  return { status: res.status, rest };
}
