import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StageSet } from './gateway-target.js';

export interface BenchOptions {
  /** Measured seconds per target per round (non-streamed load). */
  readonly seconds: number;
  readonly rounds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  /** Streamed requests per target per round, for time to first byte. */
  readonly streams: number;
  /** Concurrent streamed requests during the TTFB loop. */
  readonly streamConnections: number;
  /** Pause between the fake upstream's stream events; 0 = one event per event-loop turn. */
  readonly chunkDelayMs: number;
  /** The gateway also writes each audit event to stdout (sent to /dev/null). */
  readonly auditStdout: boolean;
  /** `all` (the default): every limit on; `minimal`: limits off (only what cannot be off runs). */
  readonly stages: StageSet;
  /** Directory for the reference's and the gateway's --cpu-prof profiles, when profiling. */
  readonly profileDir: string | undefined;
  /** Where the results are written, or undefined to only print them. */
  readonly resultsPath: string | undefined;
}

export const USAGE = `Usage: npx tsx bench/run.ts [options]     (or: npm run bench -- [options])

  --seconds N          measured seconds per target per round   (BENCH_SECONDS, default 4)
  --rounds N           interleaved rounds                      (BENCH_ROUNDS, default 7)
  --warmup N           warm-up seconds per target              (BENCH_WARMUP_SECONDS, default 3)
  --connections N      autocannon connections                  (BENCH_CONNECTIONS, default 32)
  --streams N          streamed requests per target per round  (BENCH_STREAMS, default 200)
  --stream-connections N  concurrent streams in the TTFB loop  (BENCH_STREAM_CONNECTIONS, default 1)
  --chunk-delay N      ms between upstream stream events       (BENCH_CHUNK_DELAY_MS, default 0)
  --audit-stdout       gateway also logs audit events to stdout (BENCH_AUDIT_STDOUT=1)
  --stages all|minimal|guarded|none  all: every limit on in every scope, guards off;
                       guarded: all + input and output guards on; minimal: limits and guards off
                       (no counters; output cap and input count still run); none: no
                       limits config, for a gateway from before the limits issue
                                                               (BENCH_STAGES, default all)
  --profile [DIR]      --cpu-prof the reference and the gateway   (BENCH_PROFILE=DIR)
  --quick              1 s × 2 rounds, 1 s warm-up, 50 streams; does not write RESULTS.md
  --write / --no-write write bench/RESULTS.md or not (default: write, except with --quick)

  BENCH_GATEWAY_CONFIG  JSON/YAML file or inline JSON merged over the gateway's bench config.`;

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv, defaultResults: string): BenchOptions {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"\n\n${USAGE}`);
    const eq = arg.indexOf('=');
    if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    else {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        flags.set(arg.slice(2), next);
        i++;
      } else flags.set(arg.slice(2), true);
    }
  }
  const known = ['seconds', 'rounds', 'warmup', 'connections', 'streams', 'stream-connections', 'chunk-delay', 'audit-stdout', 'stages', 'profile', 'quick', 'write', 'no-write', 'help'];
  for (const name of flags.keys()) if (!known.includes(name)) throw new Error(`unknown option --${name}\n\n${USAGE}`);
  if (flags.has('help')) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = flags.has('quick');
  const number = (flag: string, envName: string, fallback: number, min: number): number => {
    const raw = flags.get(flag) ?? env[envName];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (raw === true || !Number.isFinite(value) || value < min) throw new Error(`--${flag} / ${envName} must be a number ≥ ${min}`);
    return value;
  };
  const profile = flags.get('profile') ?? env.BENCH_PROFILE;
  const write = flags.has('write') || (!quick && !flags.has('no-write'));
  return {
    seconds: number('seconds', 'BENCH_SECONDS', quick ? 1 : 4, 1),
    rounds: Math.round(number('rounds', 'BENCH_ROUNDS', quick ? 2 : 7, 1)),
    warmupSeconds: number('warmup', 'BENCH_WARMUP_SECONDS', quick ? 1 : 3, 0),
    connections: Math.round(number('connections', 'BENCH_CONNECTIONS', 32, 1)),
    streams: Math.round(number('streams', 'BENCH_STREAMS', quick ? 50 : 200, 1)),
    streamConnections: Math.round(number('stream-connections', 'BENCH_STREAM_CONNECTIONS', 1, 1)),
    chunkDelayMs: number('chunk-delay', 'BENCH_CHUNK_DELAY_MS', 0, 0),
    auditStdout: flags.has('audit-stdout') || env.BENCH_AUDIT_STDOUT === '1',
    stages: stageSet(flags.get('stages') ?? env.BENCH_STAGES),
    profileDir: profile === undefined || profile === '' ? undefined : profile === true ? join(tmpdir(), 'portcullis-bench-profiles') : profile,
    resultsPath: write ? defaultResults : undefined,
  };
}

function stageSet(value: string | true | undefined): StageSet {
  if (value === undefined || value === '' || value === 'all') return 'all';
  if (value === 'minimal' || value === 'none' || value === 'guarded') return value;
  throw new Error('--stages / BENCH_STAGES must be "all", "minimal", "guarded" or "none"');
}
