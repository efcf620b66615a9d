import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The summary of the last `portcullis redteam` run, kept for `portcullis doctor`. It holds counts
 * and the target's origin only: never the key, a path, a query string or any attack text.
 */
export interface RedteamRunSummary {
  finishedAt: string;
  /** Origin only (`https://gw.example.com`), no credentials, path or query. */
  target: string;
  api: 'openai' | 'anthropic';
  attempts: number;
  blocked: number;
  harmless: number;
  succeeded: number;
  /** succeeded / attempts, 0 when there were no attempts. */
  successRate: number;
}

export const LAST_RUN_FILE = 'redteam-last.json';

export async function writeLastRedteamRun(stateDir: string, summary: RedteamRunSummary): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  const clean: RedteamRunSummary = {
    finishedAt: summary.finishedAt,
    target: originOnly(summary.target),
    api: summary.api,
    attempts: summary.attempts,
    blocked: summary.blocked,
    harmless: summary.harmless,
    succeeded: summary.succeeded,
    successRate: summary.successRate,
  };
  // Write then rename, so a reader (doctor) never sees half a file.
  const path = join(stateDir, LAST_RUN_FILE);
  const temp = `${path}.${String(process.pid)}.tmp`;
  await writeFile(temp, `${JSON.stringify(clean, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, path);
}

/** The stored summary, or undefined when there is none or it is not a valid summary. */
export async function readLastRedteamRun(stateDir: string): Promise<RedteamRunSummary | undefined> {
  let text: string;
  try {
    text = await readFile(join(stateDir, LAST_RUN_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return parseSummary(JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

function parseSummary(value: unknown): RedteamRunSummary | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const counts = ['attempts', 'blocked', 'harmless', 'succeeded', 'successRate'] as const;
  if (typeof v.finishedAt !== 'string' || typeof v.target !== 'string') return undefined;
  if (v.api !== 'openai' && v.api !== 'anthropic') return undefined;
  for (const name of counts) {
    const n = v[name];
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return undefined;
  }
  return {
    finishedAt: v.finishedAt,
    target: v.target,
    api: v.api,
    attempts: v.attempts as number,
    blocked: v.blocked as number,
    harmless: v.harmless as number,
    succeeded: v.succeeded as number,
    successRate: v.successRate as number,
  };
}

/**
 * `https://user:pw@host:8443/v1?x=1` → `https://host:8443`. Anything that is not a URL becomes
 * `(invalid url)` rather than being stored as it came.
 */
export function originOnly(target: string): string {
  try {
    const url = new URL(target);
    return url.origin === 'null' ? `${url.protocol}//${url.host}` : url.origin;
  } catch {
    return '(invalid url)';
  }
}
