import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { cpus, totalmem, type } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { UPSTREAM_KEY_ENV, type StageSet } from './gateway-target.js';
import { startServerProcess } from './processes.js';
import type { GatewayArgs, MeterQuestion, MeterSample } from './streams-1000-gateway.js';
import { CHAT_PATH, STREAM_BODY } from './targets.js';

/**
 * 1,000 concurrent streams through the gateway (`npx tsx bench/streams-1000.ts`): the fake
 * upstream (bench/fake-upstream.ts) streams about 20 events per answer on a timer, so every
 * stream of a wave is open at the same time; the gateway runs in its own process and reports
 * its resident memory and event-loop delay (bench/streams-1000-gateway.ts). Prints a paragraph
 * for the notes of bench/RESULTS.md.
 *
 * Environment: STREAMS (1000), WAVES (3), CHUNK_DELAY_MS (50), STAGES (all | minimal | guarded),
 * CONNECTIONS_PER_ORIGIN (STREAMS + 24), BENCH_GATEWAY_CONFIG (an overlay, as for npm run bench).
 */
const STREAMS = Number(process.env.STREAMS ?? 1000);
const WAVES = Number(process.env.WAVES ?? 3);
const CHUNK_DELAY_MS = Number(process.env.CHUNK_DELAY_MS ?? 50);
const STAGES = (process.env.STAGES ?? 'all') as StageSet;
const CONNECTIONS_PER_ORIGIN = Number(process.env.CONNECTIONS_PER_ORIGIN ?? STREAMS + 24);
const GATEWAY = fileURLToPath(new URL('./streams-1000-gateway.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const DONE = 'data: [DONE]\n\n';

interface Wave {
  ok: number;
  failures: number;
  ttfbMs: number[];
  totalMs: number[];
  /** Most streams open at once (first byte received, end not yet). */
  peakOpen: number;
  wallMs: number;
}

async function main(): Promise<void> {
  const upstreamKey = `sk-bench-${randomBytes(12).toString('hex')}`;
  const env = { ...process.env, [UPSTREAM_KEY_ENV]: upstreamKey };
  const upstream = await startServerProcess({ role: 'upstream', chunkDelayMs: CHUNK_DELAY_MS, auditStdout: false, stages: STAGES }, { env, stdout: 'ignore' });
  const gateway = await startGateway({ upstreamUrl: upstream.url, stages: STAGES, connectionsPerOrigin: CONNECTIONS_PER_ORIGIN }, env);
  const pool = new Pool(gateway.url, { connections: STREAMS, pipelining: 1, headersTimeout: 120_000, bodyTimeout: 120_000 });
  const headers = { authorization: `Bearer ${gateway.key}`, 'content-type': 'application/json' };
  try {
    // Warm-up: connections open, tokenizers and JIT warm; not measured.
    await wave(pool, headers, Math.min(STREAMS, 200));
    await wave(pool, headers, STREAMS);
    const idle = await gateway.ask({ type: 'sample' });
    await gateway.ask({ type: 'mark' });
    const waves: Wave[] = [];
    for (let i = 0; i < WAVES; i++) waves.push(await wave(pool, headers, STREAMS));
    const loaded = await gateway.ask({ type: 'sample' });
    console.log(report(waves, idle, loaded));
  } finally {
    await pool.close();
    await gateway.stop();
    await upstream.stop();
  }
}

/** STREAMS requests at once, each read to its end; counts the streams open at the same time. */
async function wave(pool: Pool, headers: Record<string, string>, count: number): Promise<Wave> {
  const result: Wave = { ok: 0, failures: 0, ttfbMs: [], totalMs: [], peakOpen: 0, wallMs: 0 };
  let open = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: count }, async () => {
      const t0 = performance.now();
      let first: number | undefined;
      try {
        const answer = await pool.request({ path: CHAT_PATH, method: 'POST', headers, body: STREAM_BODY });
        if (answer.statusCode !== 200) {
          await answer.body.dump();
          result.failures++;
          return;
        }
        let tail = '';
        for await (const chunk of answer.body) {
          if (first === undefined) {
            first = performance.now() - t0;
            result.peakOpen = Math.max(result.peakOpen, ++open);
          }
          tail = (tail + (chunk as Buffer).toString('utf8')).slice(-DONE.length);
        }
        if (tail !== DONE) result.failures++;
        else {
          result.ok++;
          result.ttfbMs.push(first ?? 0);
          result.totalMs.push(performance.now() - t0);
        }
      } catch {
        result.failures++;
      } finally {
        if (first !== undefined) open--;
      }
    }),
  );
  result.wallMs = performance.now() - started;
  return result;
}

interface GatewayProcess {
  readonly url: string;
  readonly key: string;
  ask(question: Exclude<MeterQuestion, { type: 'stop' }>): Promise<MeterSample>;
  stop(): Promise<void>;
}

async function startGateway(args: GatewayArgs, env: NodeJS.ProcessEnv): Promise<GatewayProcess> {
  const child: ChildProcess = fork(GATEWAY, [JSON.stringify(args)], { execArgv: ['--import', TSX], env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const ready = await new Promise<{ url: string; clientKey: string }>((resolve, reject) => {
    child.once('message', (message: { type: string; url?: string; clientKey?: string; message?: string }) => {
      if (message.type === 'ready' && message.url && message.clientKey) resolve({ url: message.url, clientKey: message.clientKey });
      else reject(new Error(`gateway failed to start: ${message.message ?? message.type}`));
    });
    child.once('exit', (code) => {
      reject(new Error(`gateway exited with code ${String(code)}`));
    });
  });
  return {
    url: ready.url,
    key: ready.clientKey,
    ask(question) {
      return new Promise((resolve) => {
        const onMessage = (message: { type: string }): void => {
          if (message.type !== (question.type === 'mark' ? 'marked' : 'sample')) return;
          child.off('message', onMessage);
          resolve(message as MeterSample);
        };
        child.on('message', onMessage);
        child.send(question);
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.send({ type: 'stop' } satisfies MeterQuestion);
      await exited;
    },
  };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function report(waves: Wave[], idle: MeterSample, loaded: MeterSample): string {
  const all = (pick: (w: Wave) => number[]): number[] => waves.flatMap(pick);
  const ok = waves.reduce((n, w) => n + w.ok, 0);
  const failures = waves.reduce((n, w) => n + w.failures, 0);
  const f = (n: number, digits = 1): string => n.toFixed(digits);
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `**${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — 1,000 concurrent streams (\`npx tsx bench/streams-1000.ts\`).**
${cpu}, ${cpus().length} logical cores, ${f(totalmem() / 1024 ** 3)} GiB, ${type()}, Node ${process.version}; the gateway, the fake upstream and
the load generator in three processes on the same cores (other jobs running). Stages \`${STAGES}\`,
${WAVES} waves of ${STREAMS} streamed chat completions started at once, each about 20 events
${CHUNK_DELAY_MS} ms apart (most streams open at once: ${Math.max(...waves.map((w) => w.peakOpen))}); the gateway's upstream pool at
${CONNECTIONS_PER_ORIGIN} connections per origin.

- Streams completed: ${ok} of ${ok + failures} (${failures} failed or ended without \`[DONE]\`); wave wall time ${waves.map((w) => f(w.wallMs / 1000, 2)).join(' / ')} s.
- Time to first byte p50 ${f(percentile(all((w) => w.ttfbMs), 50))} ms, p99 ${f(percentile(all((w) => w.ttfbMs), 99))} ms; whole stream p50 ${f(percentile(all((w) => w.totalMs), 50))} ms, p99 ${f(percentile(all((w) => w.totalMs), 99))} ms (the upstream alone takes about ${f((CHUNK_DELAY_MS * 20) / 1000, 1)} s).
- Gateway resident memory: ${f(idle.rssMiB, 0)} MiB idle after warm-up, **peak ${f(loaded.rssPeakMiB, 0)} MiB** during the waves (heap used ${f(loaded.heapUsedMiB, 0)} MiB at the end).
- Gateway event-loop delay during the waves: p50 ${f(loaded.eld.p50, 2)} ms, **p99 ${f(loaded.eld.p99, 2)} ms**, max ${f(loaded.eld.max, 1)} ms (mean ${f(loaded.eld.mean, 2)} ms).
- Gateway CPU ${f(loaded.cpuMs / 1000, 2)} s for ${ok} streams (${f((loaded.cpuMs * 1000) / Math.max(1, ok), 0)} µs per stream); audit events dropped: ${loaded.auditDropped}.`;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
