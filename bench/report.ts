import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, release, totalmem, type } from 'node:os';
import type { LoadResult } from './load.js';
import type { StageSet } from './gateway-target.js';
import type { BenchOptions } from './options.js';
import { median, percentile } from './stats.js';
import type { StreamResult } from './streams.js';
import type { Target } from './targets.js';

export type TargetName = Target['name'];

const STAGE_SETS: Record<StageSet, string> = {
  all: '**every stage of the limits issue on**',
  minimal: '**minimal limits** (`--stages minimal`: only the default per-key rate limit, raised)',
  none: '**no limits configuration** (`--stages none`)',
  guarded: '**every stage on, guards included** (`--stages guarded`)',
};
const STAGE_DETAILS: Record<StageSet, string> = {
  all:
    'Input and output guards off (`GUARDS_OFF`). Every limits stage on (`ALL_STAGES_ON` in `bench/gateway-target.ts`): rate limits (requests, tokens, concurrency) per key, user, IP, environment and globally; budgets per key, user, environment and globally; the token policy (input count, output cap). Limits far above what the run reaches, counters in the default (memory) limit store; requests name a user (`"user": "bench-user"`).',
  minimal: "Input and output guards off (`GUARDS_OFF`). Minimal limits (`MINIMAL_STAGES`): the stages run, but only the default per-key rate limit is configured, raised above the run's rate.",
  none: 'No limits configuration at all (for a gateway from before the limits issue).',
  guarded: 'Every limits stage on as in `all`, plus the input guard (injection detection) and the output guard (secrets and PII redaction, link stripping) with their hold-back (`GUARDED_STAGES`).',
};
export const TARGET_NAMES: readonly TargetName[] = ['direct', 'reference', 'gateway'];

/** The issue's targets, at 32 connections: gateway/reference. */
export const RPS_TARGET = 0.6;
export const P50_TARGET = 1.5;

export interface RoundResult {
  readonly round: number;
  readonly order: readonly TargetName[];
  readonly load: Readonly<Record<TargetName, LoadResult>>;
  readonly streams: Readonly<Record<TargetName, StreamResult>>;
  /** CPU time (user + system) of the process answering the target, per completed request. */
  readonly cpuUsPerRequest: Readonly<Record<TargetName, number>>;
}

export interface TargetSummary {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly ttfbP50Ms: number;
  readonly ttfbP99Ms: number;
  readonly streamTotalP50Ms: number;
  readonly cpuUsPerRequest: number;
  readonly completed: number;
  readonly failures: number;
}

export interface Summary {
  readonly targets: Readonly<Record<TargetName, TargetSummary>>;
  readonly rpsRatio: number;
  readonly p50Ratio: number;
  readonly p99Ratio: number;
  readonly ttfbP50Ratio: number;
  readonly ttfbP99Ratio: number;
  readonly cpuRatio: number;
  /** Medians of each round's own gateway/reference ratio (the two ran seconds apart). */
  readonly pairedRpsRatio: number;
  readonly pairedP50Ratio: number;
  readonly rpsMet: boolean;
  readonly p50Met: boolean;
}

/** Medians across rounds of each round's numbers. */
export function summarize(rounds: readonly RoundResult[]): Summary {
  const of = (name: TargetName): TargetSummary => {
    const pick = (f: (r: RoundResult) => number): number => median(rounds.map(f));
    return {
      rps: pick((r) => r.load[name].requestsPerSecond),
      p50Ms: pick((r) => r.load[name].p50Ms),
      p99Ms: pick((r) => r.load[name].p99Ms),
      ttfbP50Ms: pick((r) => percentile(r.streams[name].ttfbMs, 50)),
      ttfbP99Ms: pick((r) => percentile(r.streams[name].ttfbMs, 99)),
      streamTotalP50Ms: pick((r) => percentile(r.streams[name].totalMs, 50)),
      cpuUsPerRequest: pick((r) => r.cpuUsPerRequest[name]),
      completed: rounds.reduce((n, r) => n + r.load[name].completed + r.streams[name].ttfbMs.length, 0),
      failures: rounds.reduce((n, r) => n + r.load[name].failures + r.streams[name].failures, 0),
    };
  };
  const targets = { direct: of('direct'), reference: of('reference'), gateway: of('gateway') };
  const g = targets.gateway;
  const r = targets.reference;
  const rpsRatio = g.rps / r.rps;
  const p50Ratio = g.p50Ms / r.p50Ms;
  return {
    targets,
    rpsRatio,
    p50Ratio,
    p99Ratio: g.p99Ms / r.p99Ms,
    ttfbP50Ratio: g.ttfbP50Ms / r.ttfbP50Ms,
    ttfbP99Ratio: g.ttfbP99Ms / r.ttfbP99Ms,
    cpuRatio: g.cpuUsPerRequest / r.cpuUsPerRequest,
    pairedRpsRatio: median(rounds.map((x) => x.load.gateway.requestsPerSecond / x.load.reference.requestsPerSecond)),
    pairedP50Ratio: median(rounds.map((x) => x.load.gateway.p50Ms / x.load.reference.p50Ms)),
    rpsMet: rpsRatio >= RPS_TARGET,
    p50Met: p50Ratio <= P50_TARGET,
  };
}

const f0 = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const f2 = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const x2 = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(2)}×` : 'n/a');

/** The summary table (also printed to stdout). */
export function summaryTable(summary: Summary): string {
  const rows = TARGET_NAMES.map((name) => {
    const t = summary.targets[name];
    return `| ${name} | ${f0(t.rps)} | ${f2(t.p50Ms)} | ${f2(t.p99Ms)} | ${f2(t.ttfbP50Ms)} | ${f2(t.ttfbP99Ms)} | ${f2(t.streamTotalP50Ms)} | ${f0(t.cpuUsPerRequest)} | ${t.failures} |`;
  });
  return [
    '| target | req/s | p50 ms | p99 ms | stream TTFB p50 ms | stream TTFB p99 ms | stream total p50 ms | server CPU µs/req | failures |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows,
    `| **gateway / reference** | **${x2(summary.rpsRatio)}** | **${x2(summary.p50Ratio)}** | ${x2(summary.p99Ratio)} | ${x2(summary.ttfbP50Ratio)} | ${x2(summary.ttfbP99Ratio)} | | ${x2(summary.cpuRatio)} | |`,
  ].join('\n');
}

export function verdict(summary: Summary): string {
  const rps = `requests/s ${x2(summary.rpsRatio)} the reference (target ≥ ${RPS_TARGET}×): ${summary.rpsMet ? 'met' : '**missed**'}`;
  const p50 = `p50 latency ${x2(summary.p50Ratio)} the reference (target ≤ ${P50_TARGET}×): ${summary.p50Met ? 'met' : '**missed**'}`;
  const paired = `median of the per-round ratios (each round's gateway and reference ran seconds apart): req/s ${x2(summary.pairedRpsRatio)}, p50 ${x2(summary.pairedP50Ratio)}`;
  const cpu = `CPU per request of the gateway process: ${x2(summary.cpuRatio)} the reference's (less sensitive to a noisy machine than req/s)`;
  return `- ${rps}\n- ${p50}\n- ${paired}\n- ${cpu}`;
}

function roundsTable(rounds: readonly RoundResult[]): string {
  const rows = rounds.map((r) => {
    const d = r.load.direct;
    const ref = r.load.reference;
    const g = r.load.gateway;
    const ttfb = (name: TargetName): string => f2(percentile(r.streams[name].ttfbMs, 50));
    const cpu = r.cpuUsPerRequest;
    return `| ${r.round} | ${r.order.join(', ')} | ${f0(d.requestsPerSecond)} | ${f0(ref.requestsPerSecond)} | ${f0(g.requestsPerSecond)} | ${x2(g.requestsPerSecond / ref.requestsPerSecond)} | ${f2(ref.p50Ms)} | ${f2(g.p50Ms)} | ${x2(g.p50Ms / ref.p50Ms)} | ${ttfb('direct')} / ${ttfb('reference')} / ${ttfb('gateway')} | ${f0(cpu.direct)} / ${f0(cpu.reference)} / ${f0(cpu.gateway)} |`;
  });
  return [
    '| round | order | direct req/s | reference req/s | gateway req/s | gw/ref req/s | reference p50 ms | gateway p50 ms | gw/ref p50 | TTFB p50 ms (d / r / g) | CPU µs/req (d / r / g) |',
    '|--:|---|--:|--:|--:|--:|--:|--:|--:|---|---|',
    ...rows,
  ].join('\n');
}

export interface Machine {
  /** The commit measured, and whether src/ had uncommitted changes. */
  readonly source: string;
  readonly os: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
}

export function machine(): Machine {
  const list = cpus();
  return {
    source: sourceVersion(),
    os: `${type()} ${release()} (${arch()})`,
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
  };
}

function sourceVersion(): string {
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'src').split('\n').filter(Boolean).length;
    return dirty > 0 ? `${commit} with ${dirty} uncommitted change${dirty === 1 ? '' : 's'} in src/` : commit;
  } catch {
    return 'unknown (no git)';
  }
}

const NOTES_START = '<!-- notes:start (kept across runs) -->';
const NOTES_END = '<!-- notes:end -->';
const DEFAULT_NOTES = '_No notes yet._';

/** The hand-written notes section of an existing RESULTS.md, which a new run keeps. */
function keptNotes(path: string): string {
  if (!existsSync(path)) return DEFAULT_NOTES;
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(NOTES_START);
  const end = text.indexOf(NOTES_END);
  return start >= 0 && end > start ? text.slice(start + NOTES_START.length, end).trim() : DEFAULT_NOTES;
}

export interface ReportInput {
  readonly options: BenchOptions;
  readonly rounds: readonly RoundResult[];
  readonly summary: Summary;
  readonly machine: Machine;
  readonly date: Date;
  readonly gatewayFacts: readonly string[];
  readonly overlay: string | undefined;
  readonly durationS: number;
}

export function renderResults(input: ReportInput, notesFrom: string): string {
  const { options: o, machine: m, summary } = input;
  return `# Benchmark results

Recorded by \`npm run bench\` (\`bench/run.ts\`) on ${input.date.toISOString().slice(0, 16).replace('T', ' ')} UTC; the run took ${Math.round(input.durationS)} s.
Rerun it to update this file; the notes at the end are kept.

## Result

${o.connections} connections, non-streamed chat completions; medians of ${o.rounds} interleaved rounds; gateway with
${STAGE_SETS[o.stages]}.

${summaryTable(summary)}

${verdict(summary)}

## Machine

- Source: ${m.source}
- OS: ${m.os}
- CPU: ${m.cpu}, ${m.cores} logical cores
- Memory: ${m.memoryGiB} GiB
- Node: ${m.node}

## Targets

- **direct**: autocannon straight to the fake upstream — the floor: no proxy at all.
- **reference**: a minimal pass-through proxy (\`bench/reference-proxy.ts\`): node:http in, the body
  bytes (never parsed) to an undici \`Pool\` with the client's credential swapped for the upstream
  key, the answer back — JSON read whole and written in one go, a stream event by event. No parsing,
  checks or audit: the physical limit for a Node proxy here. (Streaming the request body, or writing
  every answer through \`pool.stream\`/\`pipeline\`, cost 1.3–1.8× the CPU per request on this machine.)
- **gateway**: the real gateway from \`createGateway\` (\`bench/gateway-target.ts\`): SQLite store in a
  temporary data dir, a key issued with \`issueKey\`, \`audit.store: true\` (every request's audit event
  is written to SQLite in batches), **\`audit.stdout: ${o.auditStdout}\`**, log level ${o.auditStdout ? '`info` (stdout sent to /dev/null)' : '`warn`'}, egress with
  \`allowPrivateNetworks\` for the loopback upstream. ${STAGE_DETAILS[o.stages]}${input.overlay ? ` Config overlay (BENCH_GATEWAY_CONFIG): \`${input.overlay}\`.` : ''}
${input.gatewayFacts.map((line) => `  - ${line}`).join('\n')}
- **fake upstream** (\`bench/fake-upstream.ts\`): node:http, POST /v1/chat/completions only, checks
  \`Authorization\`, answers from buffers serialized at start. A stream is 20 events
  (role, 17 content deltas, finish, \`data: [DONE]\`; 21 with the usage chunk when
  \`stream_options.include_usage\` is asked, as the gateway does before dropping it again),
  ${o.chunkDelayMs > 0 ? `${o.chunkDelayMs} ms apart` : 'each written on its own event-loop turn (`setImmediate`, no timer delay)'}.

## Method

- Every server runs in its own forked Node process (\`bench/child.ts\`); the load generator
  (autocannon, then the streaming client) runs in the driver process. On a ${m.cores}-core machine the
  proxied targets put three busy processes (load, proxy, upstream) on ${m.cores} cores; the direct target two. Both
  proxies are measured in the same arrangement, so their ratio is the honest number; absolute numbers
  are this machine's.
- Each round runs every target once, one after the other, the order rotated each round, so drift
  and noise on a shared machine fall on all three alike: ${o.rounds} rounds × ${o.seconds} s per target at
  ${o.connections} connections (keep-alive, no pipelining), after a ${o.warmupSeconds} s warm-up per target (JIT, pools, SQLite).
- req/s = 2xx answers / duration. p50/p99 latency come from every 2xx response's own time
  (autocannon's \`response\` event; its histogram rounds to whole milliseconds). With a fixed number
  of connections each waiting for its answer (a closed loop), p50 ≈ connections / req/s, so the two
  targets are nearly one: the p50 target (≤ ${P50_TARGET}×) asks for about ${(1 / P50_TARGET).toFixed(2)}× the reference's req/s.
- server CPU µs/req = \`process.cpuUsage()\` of the process answering the target's client (the
  upstream for direct, the proxy otherwise) over the measured seconds, divided by the requests
  completed. It counts work, not waiting, so it moves much less than req/s when other jobs share
  the machine.
- Streams: ${o.streams} streamed requests per target per round over ${o.streamConnections} keep-alive connection${o.streamConnections === 1 ? '' : 's'} (an unloaded
  gateway; connections kept across rounds), each read to its end with undici. TTFB = request sent →
  first body byte (the first SSE event); "total" = request sent → last byte. A stream counts only if
  it answers 200 and ends with \`data: [DONE]\`.
- Reported numbers are medians across rounds of each round's value; ratios are gateway / reference of
  those medians (the medians of each round's own ratio are listed too). "failures" counts connection errors, timeouts, non-2xx answers and broken streams.

### Rounds

${roundsTable(input.rounds)}

## Notes

${NOTES_START}
${keptNotes(notesFrom)}
${NOTES_END}
`;
}

export function writeResults(path: string, input: ReportInput): void {
  writeFileSync(path, renderResults(input, path));
}
