/** Messages between the benchmark driver (run.ts) and the server processes it forks (child.ts). */

import type { StageSet } from './gateway-target.js';

export type Role = 'upstream' | 'reference' | 'gateway';

export interface ChildArgs {
  readonly role: Role;
  /** For the reference and the gateway: where the fake upstream listens. */
  readonly upstreamUrl?: string;
  readonly chunkDelayMs: number;
  readonly auditStdout: boolean;
  readonly stages: StageSet;
}

export type ChildMessage =
  | { readonly type: 'ready'; readonly url: string; /** What a client sends as its bearer token. */ readonly clientKey: string }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'described'; /** Facts about the running server, for RESULTS.md. */ readonly lines: readonly string[] }
  | { readonly type: 'cpu'; /** process.cpuUsage() of the server process, in microseconds. */ readonly userUs: number; readonly systemUs: number };

export interface ParentMessage {
  readonly type: 'stop' | 'describe' | 'cpu';
}

export function isChildMessage(value: unknown): value is ChildMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'ready' || type === 'failed' || type === 'described' || type === 'cpu';
}

export function isParentMessage(value: unknown): value is ParentMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'stop' || type === 'describe' || type === 'cpu';
}
