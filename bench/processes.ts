import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { isChildMessage, type ChildArgs, type ChildMessage, type ParentMessage } from './protocol.js';

export interface ServerProcess {
  readonly url: string;
  readonly clientKey: string;
  readonly pid: number;
  /** CPU time the server process has used so far (user + system), in microseconds. */
  cpuUs(): Promise<number>;
  /** Facts the server reports about itself (the gateway: stages run, audit drops). */
  describe(): Promise<readonly string[]>;
  /** Asks the server to close and waits for the process to exit. */
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./child.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const START_TIMEOUT_MS = 30_000;

export interface ForkOptions {
  readonly env: NodeJS.ProcessEnv;
  /** Extra node flags, e.g. `--cpu-prof`. */
  readonly nodeFlags?: readonly string[];
  /** Where the server's stdout goes (the gateway's audit lines, when they are on). */
  readonly stdout?: 'inherit' | 'ignore';
}

/** Forks bench/child.ts for one role and waits until its server listens. */
export async function startServerProcess(args: ChildArgs, options: ForkOptions): Promise<ServerProcess> {
  const child: ChildProcess = fork(CHILD, [JSON.stringify(args)], {
    execArgv: ['--import', TSX, ...(options.nodeFlags ?? [])],
    env: options.env,
    stdio: ['ignore', options.stdout ?? 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string; clientKey: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${args.role}: no answer in ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.on('message', (message: unknown) => {
      if (!isChildMessage(message)) return;
      clearTimeout(timer);
      if (message.type === 'ready') resolve({ url: message.url, clientKey: message.clientKey });
      else if (message.type === 'failed') reject(new Error(`${args.role} failed to start: ${message.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.role} exited with code ${String(code)} before it was ready`));
    });
  }).catch((err: unknown) => {
    child.kill();
    throw err;
  });

  /** One question to the child; `answer` picks its reply out of the messages that arrive. */
  function ask<T>(type: ParentMessage['type'], answer: (message: ChildMessage) => T | undefined): Promise<T> {
    return new Promise<T>((resolve) => {
      const onMessage = (message: unknown): void => {
        if (!isChildMessage(message)) return;
        const value = answer(message);
        if (value === undefined) return;
        child.off('message', onMessage);
        resolve(value);
      };
      child.on('message', onMessage);
      const question: ParentMessage = { type };
      child.send(question);
    });
  }

  return {
    ...ready,
    pid: child.pid ?? -1,
    cpuUs: () => ask('cpu', (message) => (message.type === 'cpu' ? message.userUs + message.systemUs : undefined)),
    describe: () => ask('describe', (message) => (message.type === 'described' ? message.lines : undefined)),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      const stop: ParentMessage = { type: 'stop' };
      child.send(stop);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
