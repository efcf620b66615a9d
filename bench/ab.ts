import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import type { StageSet } from './gateway-target.js';
import type { ServerProcess, startServerProcess as StartServerProcess } from './processes.js';
import { CHAT_BODY, CHAT_PATH, clientHeaders } from './targets.js';
import { median } from './stats.js';

/**
 * Paired A/B of two gateway builds (or two configs of one build) on this noisy machine:
 *
 *   npx tsx bench/ab.ts --a /tmp/old --b . [--rate 1500] [--rounds 10] [--seconds 2] [--stages minimal]
 *
 * `--a`/`--b` are checkouts with a built dist/ (each gateway runs from its own checkout's bench
 * harness). `BENCH_A_CONFIG` / `BENCH_B_CONFIG` overlay each side's config (as
 * BENCH_GATEWAY_CONFIG does for `run.ts`), `BENCH_B_NODE_FLAGS` adds node flags to B.
 *
 * Both gateways share one fake upstream and get the same fixed request rate (an open loop), so
 * neither is saturated and their event loops batch alike; the rounds alternate A and B, and the
 * verdict is the median of each round's B/A ratio of CPU time per request. Machine noise moves
 * both sides of a round together: on the shared 2-core box an A/A run (the same build on both
 * sides) gave a paired median of 0.95 with 8 rounds, where single `run.ts` numbers moved ±30 %
 * between runs — trust a difference of 15 % or more, and repeat a smaller one. See
 * bench/RESULTS.md § Notes.
 */

interface AbOptions {
  readonly a: string;
  readonly b: string;
  readonly rate: number;
  readonly rounds: number;
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly stages: StageSet;
}

function parse(argv: readonly string[]): AbOptions {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]!;
    const value = argv[i + 1];
    if (!name.startsWith('--') || value === undefined) throw new Error(`usage: npx tsx bench/ab.ts --a DIR --b DIR [--rate N] [--rounds N] [--seconds N] [--warmup N] [--stages S]`);
    flags.set(name.slice(2), value);
  }
  const num = (name: string, fallback: number): number => {
    const value = Number(flags.get(name) ?? fallback);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
    return value;
  };
  const a = flags.get('a');
  const b = flags.get('b');
  if (!a || !b) throw new Error('--a and --b name the two checkouts to compare (each with a built dist/)');
  return {
    a: resolve(a),
    b: resolve(b),
    rate: num('rate', 1500),
    rounds: num('rounds', 10),
    seconds: num('seconds', 2),
    warmupSeconds: num('warmup', 8),
    stages: (flags.get('stages') ?? 'minimal') as StageSet,
  };
}

async function harness(dir: string): Promise<{ startServerProcess: typeof StartServerProcess; upstreamKeyEnv: string }> {
  const processes = (await import(`${dir}/bench/processes.ts`)) as { startServerProcess: typeof StartServerProcess };
  const target = (await import(`${dir}/bench/gateway-target.ts`)) as { UPSTREAM_KEY_ENV: string };
  return { startServerProcess: processes.startServerProcess, upstreamKeyEnv: target.UPSTREAM_KEY_ENV };
}

/** Sends `rate` requests/s for `seconds`; returns the 2xx answers. */
async function load(server: ServerProcess, seconds: number, rate: number): Promise<number> {
  const result = await autocannon({
    url: `${server.url}${CHAT_PATH}`,
    method: 'POST',
    headers: clientHeaders({ name: 'gateway', url: server.url, clientKey: server.clientKey }),
    body: CHAT_BODY,
    connections: 32,
    duration: seconds,
    overallRate: rate,
  });
  return result['2xx'];
}

async function main(options: AbOptions): Promise<void> {
  const sideA = await harness(options.a);
  const sideB = await harness(options.b);
  const upstreamKey = `bench-upstream-${randomBytes(16).toString('hex')}`;
  const env = { ...process.env, [sideA.upstreamKeyEnv]: upstreamKey, [sideB.upstreamKeyEnv]: upstreamKey };
  const overlay = (value: string | undefined): NodeJS.ProcessEnv => (value ? { BENCH_GATEWAY_CONFIG: value } : {});
  const base = { chunkDelayMs: 0, auditStdout: false, stages: options.stages };
  const servers: ServerProcess[] = [];
  try {
    const upstream = await sideB.startServerProcess({ role: 'upstream', ...base }, { env });
    servers.push(upstream);
    const a = await sideA.startServerProcess({ role: 'gateway', upstreamUrl: upstream.url, ...base }, { env: { ...env, ...overlay(process.env.BENCH_A_CONFIG) } });
    servers.push(a);
    const b = await sideB.startServerProcess(
      { role: 'gateway', upstreamUrl: upstream.url, ...base },
      { env: { ...env, ...overlay(process.env.BENCH_B_CONFIG) }, nodeFlags: (process.env.BENCH_B_NODE_FLAGS ?? '').split(' ').filter(Boolean) },
    );
    servers.push(b);
    // The JIT settles over several seconds of load; rounds before that would favour the side run second.
    await load(a, options.warmupSeconds, options.rate);
    await load(b, options.warmupSeconds, options.rate);
    const cpu = { a: [] as number[], b: [] as number[] };
    for (let round = 0; round < options.rounds; round++) {
      const order: ['a' | 'b', ServerProcess][] = round % 2 === 0 ? [['a', a], ['b', b]] : [['b', b], ['a', a]];
      for (const [side, server] of order) {
        const before = await server.cpuUs();
        const answered = await load(server, options.seconds, options.rate);
        cpu[side].push((await server.cpuUs() - before) / Math.max(1, answered));
      }
    }
    const ratios = cpu.a.map((value, i) => cpu.b[i]! / value);
    const line = (values: readonly number[]): string => values.map((v) => v.toFixed(0)).join(' ');
    process.stdout.write(
      [
        `${options.rate} req/s, ${options.rounds} rounds × ${options.seconds} s, stages ${options.stages}`,
        `A ${options.a}: CPU µs/request ${line(cpu.a)} (median ${median(cpu.a).toFixed(0)})`,
        `B ${options.b}: CPU µs/request ${line(cpu.b)} (median ${median(cpu.b).toFixed(0)})`,
        `B/A per round: ${ratios.map((r) => r.toFixed(2)).join(' ')}`,
        `B/A median: ${median(ratios).toFixed(3)}`,
        '',
      ].join('\n'),
    );
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
}

await main(parse(process.argv.slice(2)));
