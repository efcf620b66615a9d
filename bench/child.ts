import { startFakeUpstream } from './fake-upstream.js';
import { readOverlay, startGatewayTarget, UPSTREAM_KEY_ENV } from './gateway-target.js';
import { isParentMessage, type ChildArgs, type ChildMessage } from './protocol.js';
import { startReferenceProxy } from './reference-proxy.js';

/**
 * One server per process (forked by run.ts): each target gets its own event loop and heap, so
 * the proxy under test never shares a thread with the upstream or the load generator.
 */

interface Running {
  readonly url: string;
  readonly clientKey: string;
  describe?(): Promise<string[]>;
  close(): Promise<void>;
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function start(args: ChildArgs, upstreamKey: string): Promise<Running> {
  switch (args.role) {
    case 'upstream': {
      const server = await startFakeUpstream({ apiKey: upstreamKey, chunkDelayMs: args.chunkDelayMs });
      return { url: server.url, clientKey: upstreamKey, close: () => server.close() };
    }
    case 'reference': {
      const server = await startReferenceProxy({ upstreamUrl: need(args.upstreamUrl), upstreamKey });
      return { url: server.url, clientKey: 'reference-client', close: () => server.close() };
    }
    case 'gateway': {
      const server = await startGatewayTarget({
        upstreamUrl: need(args.upstreamUrl),
        auditStdout: args.auditStdout,
        stages: args.stages,
        overlay: readOverlay(process.env.BENCH_GATEWAY_CONFIG),
      });
      return { url: server.url, clientKey: server.key, describe: () => server.describe(), close: () => server.close() };
    }
  }
}

function need(value: string | undefined): string {
  if (value === undefined) throw new Error('the upstream URL is missing');
  return value;
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('bench/child.ts runs under bench/run.ts (it needs an IPC channel)');
  const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
  const upstreamKey = process.env[UPSTREAM_KEY_ENV];
  if (!upstreamKey) throw new Error(`${UPSTREAM_KEY_ENV} is not set`);
  const running = await start(args, upstreamKey);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    // A normal exit, so that --cpu-prof writes its profile.
    void running.close().finally(() => process.exit(0));
  };
  process.on('message', (message: unknown) => {
    if (!isParentMessage(message)) return;
    switch (message.type) {
      case 'stop':
        stop();
        break;
      case 'cpu': {
        const usage = process.cpuUsage();
        send({ type: 'cpu', userUs: usage.user, systemUs: usage.system });
        break;
      }
      case 'describe':
        void (running.describe?.() ?? Promise.resolve([])).then((lines) => {
          send({ type: 'described', lines });
        });
        break;
    }
  });
  process.on('disconnect', stop);
  send({ type: 'ready', url: running.url, clientKey: running.clientKey });
}

main().catch((err: unknown) => {
  send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exitCode = 1;
  process.disconnect();
});
