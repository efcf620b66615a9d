import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startGatewayTarget, readOverlay, UPSTREAM_KEY_ENV, type StageSet } from './gateway-target.js';

/**
 * The gateway process of `bench/streams-1000.ts`: the real gateway (as bench/gateway-target.ts
 * builds it) plus its own meters — resident memory sampled every 20 ms and the event-loop delay
 * (perf_hooks.monitorEventLoopDelay) — reported to the driver over IPC. Measuring inside the
 * gateway's process keeps the load generator's and the upstream's work out of the numbers.
 */
export type MeterQuestion = { readonly type: 'mark' } | { readonly type: 'sample' } | { readonly type: 'stop' };

export interface MeterSample {
  readonly type: 'sample';
  readonly rssMiB: number;
  readonly rssPeakMiB: number;
  readonly heapUsedMiB: number;
  /** Event-loop delay since the last mark, in ms. */
  readonly eld: { readonly p50: number; readonly p99: number; readonly max: number; readonly mean: number };
  /** CPU time since the last mark (user + system), in ms. */
  readonly cpuMs: number;
  readonly auditDropped: number;
}

export interface GatewayArgs {
  readonly upstreamUrl: string;
  readonly stages: StageSet;
  readonly connectionsPerOrigin: number;
}

const MiB = 1024 * 1024;
/**
 * The histogram's timer interval. Each sample is the time between two ticks of that timer, so
 * the interval itself is subtracted: what remains is the delay the event loop added.
 */
const RESOLUTION_MS = 10;
const delayMs = (ns: number): number => Math.max(0, ns / 1e6 - RESOLUTION_MS);

async function main(): Promise<void> {
  if (!process.send) throw new Error('bench/streams-1000-gateway.ts runs under bench/streams-1000.ts');
  const args = JSON.parse(process.argv[2] ?? '{}') as GatewayArgs;
  if (!process.env[UPSTREAM_KEY_ENV]) throw new Error(`${UPSTREAM_KEY_ENV} is not set`);
  const overlay = readOverlay(process.env.BENCH_GATEWAY_CONFIG) ?? {};
  const target = await startGatewayTarget({
    upstreamUrl: args.upstreamUrl,
    stages: args.stages,
    auditStdout: false,
    // 1,000 streams at once need 1,000 upstream connections: the default pool (128 per origin)
    // would queue the rest, and the benchmark would measure the queue.
    overlay: { ...overlay, upstream: { connectionsPerOrigin: args.connectionsPerOrigin } },
  });

  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  let rssPeak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
  }, 20);
  let cpuAtMark = process.cpuUsage();
  const auditDropped = async (): Promise<number> => {
    const lines = await target.describe();
    const line = lines.find((l) => l.startsWith('audit events dropped:'));
    return Number(line?.split(':')[1] ?? 0);
  };

  process.on('message', (message: MeterQuestion) => {
    switch (message.type) {
      case 'mark':
        delay.reset();
        rssPeak = process.memoryUsage.rss();
        cpuAtMark = process.cpuUsage();
        process.send?.({ type: 'marked' });
        break;
      case 'sample': {
        const cpu = process.cpuUsage(cpuAtMark);
        const memory = process.memoryUsage();
        void auditDropped().then((dropped) => {
          const sample: MeterSample = {
            type: 'sample',
            rssMiB: memory.rss / MiB,
            rssPeakMiB: Math.max(rssPeak, memory.rss) / MiB,
            heapUsedMiB: memory.heapUsed / MiB,
            eld: { p50: delayMs(delay.percentile(50)), p99: delayMs(delay.percentile(99)), max: delayMs(delay.max), mean: delayMs(delay.mean) },
            cpuMs: (cpu.user + cpu.system) / 1000,
            auditDropped: dropped,
          };
          process.send?.(sample);
        });
        break;
      }
      case 'stop':
        clearInterval(sampler);
        delay.disable();
        void target.close().finally(() => process.exit(0));
        break;
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready', url: target.url, clientKey: target.key });
}

main().catch((err: unknown) => {
  process.send?.({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exitCode = 1;
  if (process.connected) process.disconnect();
});
