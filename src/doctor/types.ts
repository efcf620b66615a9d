import type { Config } from '../config/schema.js';
import type { RedteamRunSummary } from '../redteam/last-run.js';
import type { GatewayKeyRecord } from '../store/types.js';

/** ✓ pass, ✗ fail (counts for `--strict`), ⚠ warn (advisory: worth a look, not a failure). */
export type CheckStatus = 'pass' | 'fail' | 'warn';

export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found, in a line or two. Never a secret value: references and ids only. */
  readonly detail: string;
  /** What to change; set for every fail and warn. */
  readonly fix?: string;
}

/** What a CORS preflight from a foreign origin got back from a running gateway. */
export interface CorsProbe {
  /** Where the probe went (`in-process`, or the URL's origin). */
  readonly target: string;
  /** The Access-Control-Allow-Origin value, when any. */
  readonly allowOrigin: string | undefined;
}

/** Everything a check may read. Built by the CLI (from files and the store) or by the admin page (live). */
export interface DoctorContext {
  readonly config: Config;
  readonly now: Date;
  /** The gateway keys in the store, or why they could not be read. */
  readonly keys: readonly GatewayKeyRecord[] | { readonly error: string };
  /** The last `portcullis redteam` run, when one was recorded. */
  readonly lastRedteamRun: RedteamRunSummary | undefined;
  /** Where the red-team summary was looked for (for the message). */
  readonly stateDir: string;
  /** Age in ms of a `file:` secret (its modification time), undefined when unknown. */
  readonly secretFileAgeMs: (path: string) => number | undefined;
  /**
   * Fingerprints (hashes) of resolved provider keys by `env/provider`, where they could be read:
   * two environments with different references can still hold the same key.
   */
  readonly providerKeyFingerprints: ReadonlyMap<string, string>;
  /** A CORS probe of the running gateway, when one was made. */
  readonly cors: CorsProbe | undefined;
}

export interface Check {
  readonly id: string;
  readonly title: string;
  run(ctx: DoctorContext): CheckResult;
}

export function result(check: Pick<Check, 'id' | 'title'>, status: CheckStatus, detail: string, fix?: string): CheckResult {
  return fix === undefined ? { id: check.id, title: check.title, status, detail } : { id: check.id, title: check.title, status, detail, fix };
}
