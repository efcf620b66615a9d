import { randomBytes } from 'node:crypto';
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
  const base = { chunkDelayMs: options.chunkDelayMs, auditStdout: options.auditStdout };

  const servers: ServerProcess[] = [];
  const clients = new Map<TargetName, StreamClient>();
  try {
    const upstream = await startServerProcess({ role: 'upstream', ...base }, { env });
    servers.push(upstream);
    const [reference, gateway] = await Promise.all([
      startServerProcess({ role: 'reference', upstreamUrl: upstream.url, ...base }, { env }),
      startServerProcess(
        { role: 'gateway', upstreamUrl: upstream.url, ...base },
        {
          env,
          nodeFlags: options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [],
          stdout: options.auditStdout ? 'ignore' : 'inherit',
        },
      ),
    ]);
    servers.push(reference, gateway);
    const targets: Record<TargetName, Target> = {
      direct: { name: 'direct', url: upstream.url, clientKey: upstream.clientKey },
      reference: { name: 'reference', url: reference.url, clientKey: reference.clientKey },
      gateway: { name: 'gateway', url: gateway.url, clientKey: gateway.clientKey },
    };
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
      for (const name of order) {
        load[name] = await runLoad(targets[name], options.connections, options.seconds);
        await sleep(SETTLE_MS);
        streams[name] = await streamsOf(name).run(options.streams);
        await sleep(SETTLE_MS);
        const l = load[name];
        log(`round ${round}/${options.rounds} ${name.padEnd(9)} ${Math.round(l.requestsPerSecond)} req/s, p50 ${l.p50Ms.toFixed(2)} ms, p99 ${l.p99Ms.toFixed(2)} ms, failures ${l.failures + streams[name].failures}`);
      }
      rounds.push({ round, order, load, streams });
    }

    const gatewayFacts = await gateway.describe();
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
    if (options.profileDir) log(`gateway CPU profile in ${options.profileDir}`);
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
