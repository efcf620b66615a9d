import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { UPSTREAM_KEY_ENV } from './gateway-target.js';
import { runLoad, type LoadResult } from './load.js';
import { parseOptions, type BenchOptions } from './options.js';
import { startServerProcess, type ServerProcess } from './processes.js';
import { machine, summarize, summaryTable, TARGET_NAMES, verdict, writeResults, type RoundResult, type TargetName } from './report.js';
import { createStreamClient, type StreamClient, type StreamResult } from './streams.js';
import { CHAT_BODY, CHAT_PATH, clientHeaders, STREAM_BODY, type Target } from './targets.js';

/**
 * The benchmark (npm run bench): a fake upstream, a minimal undici pass-through proxy as the
 * reference, and the gateway, each in its own process; autocannon and a streaming client load them
 * in interleaved rounds. Prints the table and writes bench/RESULTS.md. See bench/RESULTS.md § Method.
 */

const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
/** Lets a finished phase's stragglers (audit batches, GC) settle before the next one. */
const SETTLE_MS = 300;

function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** One request of each kind per target, so a misconfigured target fails loudly before the run. */
async function check(target: Target): Promise<void> {
  const headers = clientHeaders(target);
  const plain = await request(`${target.url}${CHAT_PATH}`, { method: 'POST', headers, body: CHAT_BODY });
  const text = await plain.body.text();
  if (plain.statusCode !== 200 || !text.includes('"chat.completion"')) throw new Error(`${target.name}: ${plain.statusCode} ${text.slice(0, 300)}`);
  const streamed = await request(`${target.url}${CHAT_PATH}`, { method: 'POST', headers, body: STREAM_BODY });
  const events = await streamed.body.text();
  if (streamed.statusCode !== 200 || !events.endsWith('data: [DONE]\n\n')) throw new Error(`${target.name} (stream): ${streamed.statusCode} ${events.slice(0, 300)}`);
}

async function main(options: BenchOptions): Promise<void> {
  const began = performance.now();
  // A fake provider key, made at run time: it exists only in this run's processes.
  const upstreamKey = `bench-upstream-${randomBytes(16).toString('hex')}`;
  const env = { ...process.env, [UPSTREAM_KEY_ENV]: upstreamKey };
  const base = { chunkDelayMs: options.chunkDelayMs, auditStdout: options.auditStdout, stages: options.stages };

  const servers: ServerProcess[] = [];
  const clients = new Map<TargetName, StreamClient>();
  try {
    // Every process is tracked as soon as it runs, so that a failed start still stops the others.
    const track = (started: Promise<ServerProcess>): Promise<ServerProcess> =>
      started.then((server) => {
        servers.push(server);
        return server;
      });
    const upstream = await track(startServerProcess({ role: 'upstream', ...base }, { env }));
    const profile = (role: string): string[] => (options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.profileDir, role)}`] : []);
    // allSettled: when one fails, the other is tracked (and stopped) before the error propagates.
    const [referenceStart, gatewayStart] = await Promise.allSettled([
      track(startServerProcess({ role: 'reference', upstreamUrl: upstream.url, ...base }, { env, nodeFlags: profile('reference') })),
      track(
        startServerProcess(
          { role: 'gateway', upstreamUrl: upstream.url, ...base },
          { env, nodeFlags: profile('gateway'), stdout: options.auditStdout ? 'ignore' : 'inherit' },
        ),
      ),
    ]);
    if (referenceStart.status === 'rejected') throw referenceStart.reason;
    if (gatewayStart.status === 'rejected') throw gatewayStart.reason;
    const reference = referenceStart.value;
    const gateway = gatewayStart.value;
    const targets: Record<TargetName, Target> = {
      direct: { name: 'direct', url: upstream.url, clientKey: upstream.clientKey },
      reference: { name: 'reference', url: reference.url, clientKey: reference.clientKey },
      gateway: { name: 'gateway', url: gateway.url, clientKey: gateway.clientKey },
    };
    // The process that answers each target's client: its CPU time per request is the noise-robust number.
    const serverOf: Record<TargetName, ServerProcess> = { direct: upstream, reference, gateway };
    log(`upstream ${upstream.url} (pid ${upstream.pid}), reference ${reference.url} (pid ${reference.pid}), gateway ${gateway.url} (pid ${gateway.pid})`);
    for (const name of TARGET_NAMES) {
      await check(targets[name]);
      clients.set(name, createStreamClient(targets[name], options.streamConnections));
    }
    const streamsOf = (name: TargetName): StreamClient => clients.get(name)!;

    if (options.warmupSeconds > 0) {
      for (const name of TARGET_NAMES) {
        log(`warm-up ${name}`);
        await runLoad(targets[name], options.connections, options.warmupSeconds);
        await streamsOf(name).run(Math.min(options.streams, 100));
        await sleep(SETTLE_MS);
      }
    }

    const rounds: RoundResult[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const shift = (round - 1) % TARGET_NAMES.length;
      const order = [...TARGET_NAMES.slice(shift), ...TARGET_NAMES.slice(0, shift)];
      const load = {} as Record<TargetName, LoadResult>;
      const streams = {} as Record<TargetName, StreamResult>;
      const cpuUsPerRequest = {} as Record<TargetName, number>;
      for (const name of order) {
        const server = serverOf[name];
        const cpuBefore = await server.cpuUs();
        load[name] = await runLoad(targets[name], options.connections, options.seconds);
        cpuUsPerRequest[name] = ((await server.cpuUs()) - cpuBefore) / Math.max(1, load[name].completed);
        await sleep(SETTLE_MS);
        streams[name] = await streamsOf(name).run(options.streams);
        await sleep(SETTLE_MS);
        const l = load[name];
        log(
          `round ${round}/${options.rounds} ${name.padEnd(9)} ${Math.round(l.requestsPerSecond)} req/s, p50 ${l.p50Ms.toFixed(2)} ms, p99 ${l.p99Ms.toFixed(2)} ms, ` +
            `${Math.round(cpuUsPerRequest[name])} µs CPU/req, failures ${l.failures + streams[name].failures}`,
        );
      }
      rounds.push({ round, order, load, streams, cpuUsPerRequest });
    }

    const gatewayFacts = await gateway.describe();
    for (const line of gatewayFacts) log(`gateway: ${line}`);
    const summary = summarize(rounds);
    const table = summaryTable(summary);
    console.log(`\n${table}\n\n${verdict(summary)}\n`);
    if (options.resultsPath) {
      writeResults(options.resultsPath, {
        options,
        rounds,
        summary,
        machine: machine(),
        date: new Date(),
        gatewayFacts,
        overlay: process.env.BENCH_GATEWAY_CONFIG,
        durationS: (performance.now() - began) / 1000,
      });
      log(`wrote ${options.resultsPath}`);
    }
  } finally {
    await Promise.all([...clients.values()].map((c) => c.close()));
    await Promise.all(servers.map((s) => s.stop()));
    if (options.profileDir) log(`CPU profiles of the reference and the gateway in ${options.profileDir}/{reference,gateway}/`);
  }
}

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2), process.env, RESULTS);
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
main(options).catch((err: unknown) => {
  console.error(`[bench] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
