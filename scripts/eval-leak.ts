/**
 * Evaluates the output-side leak finders on the Tensor Trust prompt-extraction pairs in
 * ../shared/data/injection/leak-dev.jsonl and prints a markdown table.
 *
 *   npx tsx scripts/eval-leak.ts [--data <path>] [--misses]
 *
 * The unit is the pair (output text, access code): a pair is "leak" when the output reveals
 * enough of the defence prompt to recover the code. The data has no system prompt, so the
 * shingle-overlap detector cannot run here; what can is "does the output contain the access code,
 * in some form". Each method is reported alone, then their union. Nothing is tuned on this file.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findEncodedSecret, findObfuscated, secretWordsNear } from '../src/detect/leak/index.js';
import { foldedCore } from '../src/detect/leak/fold.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

interface Row {
  readonly text: string;
  readonly label: 'leak' | 'benign';
  readonly access_code: string;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const fold = (s: string): string => s.normalize('NFKC').toLowerCase();

type Method = readonly [name: string, what: string, test: (text: string, code: string) => boolean];

const METHODS: readonly Method[] = [
  ['verbatim', 'exact substring', (t, c) => t.includes(c)],
  ['case-folded', 'NFKC + lower-case substring', (t, c) => fold(t).includes(fold(c))],
  ['obfuscated', 'letters/digits in order, ≤3 separators or invisibles between (findObfuscated)', (t, c) => findObfuscated(t, c).length > 0],
  ['reversed', 'same, written backwards (codes of 4+ letters)', (t, c) => findObfuscated(t, c, { reversed: true }).some((m) => m.reversed)],
  ['encoded', 'base64 (3 alignments), hex or decimal bytes of the code (findEncodedSecret)', (t, c) => findEncodedSecret(t, c).length > 0],
  ['words-near', 'every word of the code, as whole words, within 40 words (secretWordsNear)', (t, c) => secretWordsNear(t, c)],
];

const rows: Row[] = readFileSync(arg('--data', resolve(ROOT, '../shared/data/injection/leak-dev.jsonl')), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Row);

const leaks = rows.filter((r) => r.label === 'leak');
const benign = rows.filter((r) => r.label === 'benign');
const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

function evaluate(test: (t: string, c: string) => boolean, subset: (r: Row) => boolean = () => true): { tp: number; p: number; fp: number; n: number } {
  const l = leaks.filter(subset);
  const b = benign.filter(subset);
  return {
    tp: l.filter((r) => test(r.text, r.access_code)).length,
    p: l.length,
    fp: b.filter((r) => test(r.text, r.access_code)).length,
    n: b.length,
  };
}

const any = (t: string, c: string): boolean => METHODS.some(([, , test]) => test(t, c));
const longCode = (r: Row): boolean => foldedCore(r.access_code).length >= 4;

console.log(`# Leak finders on leak-dev.jsonl (${leaks.length} leak / ${benign.length} benign pairs)\n`);
console.log('| method | what it looks for | recall | false-positive rate |');
console.log('|---|---|---:|---:|');
for (const [name, what, test] of METHODS) {
  const e = evaluate(test);
  console.log(`| ${name} | ${what} | ${pct(e.tp, e.p)} (${e.tp}/${e.p}) | ${pct(e.fp, e.n)} (${e.fp}/${e.n}) |`);
}
const u = evaluate(any);
console.log(`| **any of the above** | union | **${pct(u.tp, u.p)}** (${u.tp}/${u.p}) | **${pct(u.fp, u.n)}** (${u.fp}/${u.n}) |`);
const ul = evaluate(any, longCode);
console.log(`| any, codes with ≥ 4 letters/digits only | union on that subset | ${pct(ul.tp, ul.p)} (${ul.tp}/${ul.p}) | ${pct(ul.fp, ul.n)} (${ul.fp}/${ul.n}) |`);

// Not a finder of the code: a context row showing how far a code-agnostic "disclosure phrase"
// regex gets on this data, and why it is not used (it fires on refusals that quote rules too).
const DISCLOSURE =
  /\b(?:my|the|these) (?:instructions|rules|logic|pre-?prompt|directives?)\b|\b(?:password|passphrase|passcode|access code|secret (?:word|code|phrase))(?: is|:)/i;
const d = evaluate((t) => DISCLOSURE.test(t));
console.log(`| _(context, not in the union)_ disclosure phrase | "my instructions", "the password is", … | ${pct(d.tp, d.p)} (${d.tp}/${d.p}) | ${pct(d.fp, d.n)} (${d.fp}/${d.n}) |`);

if (process.argv.includes('--misses')) {
  // Label review aid: prints the code and the first characters of each error, never a full output.
  for (const r of rows) {
    const hit = any(r.text, r.access_code);
    if (hit !== (r.label === 'leak')) {
      console.log(`\n${r.label === 'leak' ? 'MISS' : 'FALSE POSITIVE'} code=${JSON.stringify(r.access_code.slice(0, 60))}: ${JSON.stringify(r.text.slice(0, 160))}`);
    }
  }
}
