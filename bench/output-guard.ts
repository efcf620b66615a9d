/**
 * Added CPU per streamed chunk of the output guard: every built-in output stage on (secrets
 * redact, PII redact, links strip, prompt-leak with a canary and a 60-word managed prompt), a
 * realistic 4 KB answer with a key, an email and links, split into deltas of 4 characters (about
 * one token each), through the same hold-back buffer the relay uses. Prints µs per chunk and per
 * KB. Run: npx tsx bench/output-guard.ts
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../src/config/load.js';
import { createPipeline } from '../src/pipeline/index.js';
import { setAppliedPrompt } from '../src/pipeline/prompts/state.js';
import { OutputRun } from '../src/server/output-run.js';
import { makeContext } from '../test/helpers/context.js';
import type { PipelineDeps } from '../src/pipeline/index.js';

const PROMPT = Array.from({ length: 60 }, (_, i) => `rule${String(i)}`).join(' ');
const paragraph =
  'To configure the router, open the admin page and choose Network, then Wireless. Set the band to 5 GHz and pick a channel with little interference. ' +
  'See [the manual](https://docs.example.com/router/setup?section=wireless) for details, or write to support@acme-example.org. ';
const answer = `${paragraph.repeat(12)}Your key is sk-proj-Q3f9XkLm2Vb8Tn4Rw7Yz1Pc6Hd5Js0GaE2uIoK8mNbV4cX6zL1qW9rT3yU7pA5sD. ${paragraph.repeat(2)}`.slice(0, 4096);
const CHUNK = 4;

const config = parseConfig({ environments: { dev: { output: { pii: { action: 'redact' } } } } });
const pipeline = createPipeline({ config, prompts: new Map() } as unknown as PipelineDeps);

function runOnce(): { chunks: number; ms: number } {
  const ctx = makeContext({ environment: 'dev', streamed: true });
  setAppliedPrompt(ctx, { name: 'p', text: PROMPT, canary: 'pcl-canary-AbCdEfGhIjKlMnOpQrSt' });
  const output = new OutputRun(pipeline.output, ctx, 1_024);
  const buffer = output.buffer<number>();
  if (!buffer) throw new Error('no scanner is on');
  let chunks = 0;
  const started = performance.now();
  for (let i = 0; i < answer.length; i += CHUNK) {
    buffer.push(chunks++, [{ channel: 'content', index: 0, text: answer.slice(i, i + CHUNK) }]);
  }
  buffer.flush();
  return { chunks, ms: performance.now() - started };
}

for (let i = 0; i < 20; i++) runOnce(); // warm-up (JIT)
const samples: number[] = [];
let chunks = 0;
for (let i = 0; i < 100; i++) {
  const r = runOnce();
  chunks = r.chunks;
  samples.push((r.ms * 1000) / r.chunks);
}
samples.sort((a, b) => a - b);
const p50 = samples[Math.floor(samples.length / 2)]!;
const p99 = samples[Math.floor(samples.length * 0.99)]!;
console.log(`output guard, every built-in output stage on, ${String(chunks)} chunks of ${String(CHUNK)} chars (a 4 KB answer), 100 runs`);
console.log(`CPU per chunk: p50 ${p50.toFixed(1)} µs, p99 ${p99.toFixed(1)} µs; per KB of output: p50 ${((p50 * chunks) / 4 / 1000).toFixed(2)} ms`);
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${String(cpus().length)} logical cores, Node ${process.version}, ${new Date().toISOString()}`);
