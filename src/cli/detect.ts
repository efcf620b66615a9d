import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { categorize, DEFAULT_THRESHOLDS, detectInjection } from '../detect/injection/index.js';
import { UsageError, type CliIo } from './io.js';

export const DETECT_USAGE = `portcullis detect [FILE]     JSON lines with a "text" field (stdin when no FILE) → one JSON line each:
                             {"score", "category", "blocked", "evidence"} under the default policy`;

/**
 * Runs the prompt-injection detector over JSON lines, as the gateway would under the default
 * policy (action block, the trained thresholds). A line that is not JSON with a string `text`
 * gets an `{"error", "line"}` answer in its place, so output lines stay aligned with input
 * lines, and the exit code is 1.
 */
export async function detectCommand(argv: string[], io: CliIo, stdin: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const { positionals } = parseArgs({ args: argv, options: {}, allowPositionals: true });
  if (positionals.length > 1) throw new UsageError('detect takes at most one FILE');
  const file = positionals[0];
  let input = stdin;
  if (file !== undefined && file !== '-') {
    const handle = await open(file).catch((err: unknown) => {
      throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    });
    input = handle.createReadStream({ encoding: 'utf8' });
  }

  let lineNumber = 0;
  let failed = false;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber++;
    if (line.trim() === '') continue;
    const text = textOf(line);
    if (text === undefined) {
      failed = true;
      io.out(JSON.stringify({ error: 'expected a JSON object with a string "text" field', line: lineNumber }));
      continue;
    }
    const verdict = detectInjection(text);
    const category = categorize(verdict, DEFAULT_THRESHOLDS);
    io.out(JSON.stringify({ score: round(verdict.score), category, blocked: category !== 'benign', evidence: verdict.evidence }));
  }
  return failed ? 1 : 0;
}

function textOf(line: string): string | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (value !== null && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') return (value as { text: string }).text;
  } catch {
    // Reported by the caller as a bad line.
  }
  return undefined;
}

function round(score: number): number {
  return Math.round(score * 10_000) / 10_000;
}
