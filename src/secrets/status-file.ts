import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretState } from './handle.js';

/**
 * The running gateway's view of its secrets, written to `<dataDir>/secrets-status.json` so that
 * `portcullis secrets status` (another process) can show versions, refreshes and bad-key marks.
 * It holds references, versions and times: never a value.
 */
export interface SecretsStatus {
  readonly writtenAt: string;
  readonly pid: number;
  readonly refreshIntervalMs: number;
  readonly rotationMaxAgeDays: number;
  readonly counters: SecretsCounters;
  readonly secrets: readonly (SecretState & { readonly ageDays: number | null; readonly tooOld: boolean })[];
  readonly providerKeys: readonly ProviderKeyStatus[];
}

export interface SecretsCounters {
  /** Timed refresh reads attempted (one per secret in use per round). */
  readonly refreshes: number;
  readonly refreshFailures: number;
  /** Reads that brought a new value or version (timed, or after the provider refused a key). */
  readonly rotations: number;
  /** Upstream 401/403 answers to a provider key. */
  readonly keyRejections: number;
  /** Requests that moved on from a refused key to another key. */
  readonly keyFailovers: number;
}

export interface ProviderKeyStatus {
  readonly environment: string;
  readonly provider: string;
  readonly name: string;
  readonly ref: string;
  readonly weight: number;
  readonly selection: 'ordered' | 'weighted';
  /** Set while the key is marked bad (tried last): until when, and the status that marked it. */
  readonly badUntil: string | null;
  readonly badStatus: number | null;
}

export const STATUS_FILE_NAME = 'secrets-status.json';

export function statusFilePath(dataDir: string): string {
  return join(dataDir, STATUS_FILE_NAME);
}

/** Written whole and renamed into place, so a reader never sees half a file. */
export function writeStatusFile(path: string, status: SecretsStatus): void {
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(status, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}

export function readStatusFile(path: string): SecretsStatus | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SecretsStatus;
  } catch {
    return undefined;
  }
}
