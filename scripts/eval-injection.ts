/**
 * Evaluates detectInjection on the held-back part of the development data (rows the training
 * script never trained or tuned on) and prints a markdown report for bench/RESULTS.md.
 *
 *   npm run eval:injection                 # held-back part only: the honest numbers
 *   npm run eval:injection -- --all        # every row, training part included (NOT honest)
 *   npm run eval:injection -- --data <path>
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isHeldBack } from '../src/detect/injection/holdout.js';
import { DEFAULT_THRESHOLDS, detectInjection } from '../src/detect/injection/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Row {
  readonly text: string;
  readonly label: 'injection' | 'jailbreak' | 'benign';
  readonly source: string;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);
// "owner/repo:file", except JailbreakBench where the attack method (a directory) matters:
// "JailbreakBench:GCG/llama-2-7b-chat-hf.json".
const shortSource = (s: string): string => {
  const jbb = /^JailbreakBench\/artifacts:attack-artifacts\/([^/]+)\/[^/]+\/(.+)$/.exec(s);
  return jbb ? `JailbreakBench:${jbb[1]!}/${jbb[2]!}` : s.replace(/:.*\//, ':');
};
/** GCG, DSN and random-search rows carry machine-made gibberish suffixes (data README). */
const SUFFIX_ATTACK = /attack-artifacts\/(?:GCG|DSN|prompt_with_random_search)\//;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

function main(): void {
  const all = process.argv.includes('--all');
  const dataPath = resolve(ROOT, arg('--data', '../shared/data/injection/dev.jsonl'));
  const rows = readFileSync(dataPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row).filter((r) => all || isHeldBack(r.text));

  // Warm-up so JIT compilation is not billed to the first rows.
  for (const r of rows.slice(0, 200)) detectInjection(r.text);

  const results = rows.map((r) => {
    const t = performance.now();
    const v = detectInjection(r.text);
    return { r, v, ms: performance.now() - t, flagged: v.category !== 'benign' };
  });

  const out: string[] = [];
  out.push(`### Prompt-injection detector (${all ? 'ALL rows, training part included: NOT an honest estimate' : 'held-back part of dev.jsonl: never trained or tuned on'})`);
  out.push('');
  out.push(`Rows: ${rows.length}. Thresholds: injection ${DEFAULT_THRESHOLDS.injection.toFixed(4)}, jailbreak ${DEFAULT_THRESHOLDS.jailbreak.toFixed(4)}. Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (latency is wall-clock on one thread; a loaded machine inflates p99).`);
  out.push('');
  out.push('| group | rows | flagged | rate | correct category |');
  out.push('|---|---:|---:|---:|---:|');
  const line = (name: string, sel: typeof results, category?: string): void => {
    const flagged = sel.filter((x) => x.flagged).length;
    const correct = category === undefined ? '' : pct(sel.filter((x) => x.v.category === category).length, sel.length);
    out.push(`| ${name} | ${sel.length} | ${flagged} | ${pct(flagged, sel.length)} | ${correct} |`);
  };
  const attacks = results.filter((x) => x.r.label !== 'benign');
  line('**recall: injection + jailbreak**', attacks);
  line('recall: injection', results.filter((x) => x.r.label === 'injection'), 'injection');
  line('recall: jailbreak', results.filter((x) => x.r.label === 'jailbreak'), 'jailbreak');
  line('recall: jailbreak, adversarial suffixes (GCG, DSN, random search)', results.filter((x) => x.r.label === 'jailbreak' && SUFFIX_ATTACK.test(x.r.source)), 'jailbreak');
  line('recall: jailbreak, human-written (all other sources)', results.filter((x) => x.r.label === 'jailbreak' && !SUFFIX_ATTACK.test(x.r.source)), 'jailbreak');
  const notInject = (x: (typeof results)[number]): boolean => x.r.source.includes('NotInject');
  line('**FP: benign (excl. NotInject)**', results.filter((x) => x.r.label === 'benign' && !notInject(x)));
  line('**FP: NotInject**', results.filter((x) => x.r.label === 'benign' && notInject(x)));
  line('FP: XSTest (safe prompts, part of benign)', results.filter((x) => x.r.source.includes('xstest')));
  out.push('');
  out.push('| label | source | rows | flagged | rate |');
  out.push('|---|---|---:|---:|---:|');
  const bySource = new Map<string, typeof results>();
  for (const x of results) {
    const k = `${x.r.label}\t${shortSource(x.r.source)}`;
    bySource.set(k, [...(bySource.get(k) ?? []), x]);
  }
  for (const [k, sel] of [...bySource].sort(([a], [b]) => a.localeCompare(b))) {
    const [label, source] = k.split('\t');
    const flagged = sel.filter((x) => x.flagged).length;
    out.push(`| ${label} | ${source} | ${sel.length} | ${flagged} | ${pct(flagged, sel.length)} |`);
  }

  // Ordinary chat turns: an independent check (never trained on), because the gateway blocks on
  // this detector by default and dev.jsonl has few short benign rows.
  const fixture = resolve(ROOT, 'test/fixtures/ordinary-prompts.jsonl');
  if (existsSync(fixture)) {
    const texts = readFileSync(fixture, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => (JSON.parse(l) as { text: string }).text);
    const blocked = texts.filter((t) => detectInjection(t).category !== 'benign');
    out.push('');
    out.push(`Ordinary chat prompts (test/fixtures/ordinary-prompts.jsonl): ${blocked.length} of ${texts.length} flagged (${pct(blocked.length, texts.length)}).`);
  }

  // Latency: the rows themselves, by size, and synthetic 4 KB prompts built from the same rows.
  out.push('');
  out.push('| latency of detectInjection | n | p50 ms | p99 ms | p50 ms/KB | p99 ms/KB |');
  out.push('|---|---:|---:|---:|---:|---:|');
  const lat = (name: string, samples: { ms: number; bytes: number }[]): void => {
    const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
    const perKb = samples.map((s) => s.ms / Math.max(0.25, s.bytes / 1024)).sort((a, b) => a - b);
    out.push(`| ${name} | ${samples.length} | ${quantile(ms, 0.5).toFixed(3)} | ${quantile(ms, 0.99).toFixed(3)} | ${quantile(perKb, 0.5).toFixed(3)} | ${quantile(perKb, 0.99).toFixed(3)} |`);
  };
  const withBytes = results.map((x) => ({ ms: x.ms, bytes: Buffer.byteLength(x.r.text) }));
  lat('dataset rows, all sizes', withBytes);
  for (const [lo, hi] of [[0, 1024], [1024, 4096], [4096, 16384]] as const) {
    lat(`dataset rows, ${lo / 1024}–${hi / 1024} KB`, withBytes.filter((s) => s.bytes >= lo && s.bytes < hi));
  }
  const fourKb: string[] = [];
  for (let i = 0; i < 300; i++) {
    let s = '';
    for (let j = i; s.length < 4096; j += 7) s += rows[j % rows.length]!.text + '\n';
    fourKb.push(s.slice(0, 4096));
  }
  for (const t of fourKb) detectInjection(t);
  const samples: { ms: number; bytes: number }[] = [];
  const cpu: { ms: number; bytes: number }[] = [];
  for (let rep = 0; rep < 3; rep++) {
    for (const t of fourKb) {
      const c = process.cpuUsage();
      const a = performance.now();
      detectInjection(t);
      samples.push({ ms: performance.now() - a, bytes: Buffer.byteLength(t) });
      const d = process.cpuUsage(c);
      cpu.push({ ms: (d.user + d.system) / 1000, bytes: Buffer.byteLength(t) });
    }
  }
  lat('4 KB prompts (4,096 chars, 300 prompts x 3), wall clock', samples);
  // Process CPU time excludes time the thread was descheduled by other load (it does include GC).
  lat('same, process CPU time (µs resolution)', cpu);
  console.log(out.join('\n'));
}

main();
