import type { ErrorCode } from '../errors.js';
import type { GuardFinding, StageRecord } from '../pipeline/types.js';

/**
 * One structured event per request. It carries no prompt or completion text and no raw user id:
 * only the pseudonym (HMAC-SHA256 of the id, see pseudonymize.ts).
 */
export interface AuditEvent {
  readonly requestId: string;
  /** ISO-8601 time the request arrived. */
  readonly time: string;
  readonly keyId: string | null;
  readonly environment: string | null;
  readonly user: string | null;
  readonly provider: string | null;
  readonly model: string | null;
  /** Route template, e.g. `POST /v1/chat/completions`. */
  readonly endpoint: string;
  /** `anthropic-version` for Anthropic, the Azure `api-version` for Azure, else null. */
  readonly apiVersion: string | null;
  readonly streamed: boolean;
  readonly tokens: TokenUsage;
  /** What the request cost at the price table's rates (null when nothing was priced). */
  readonly costUsd: number | null;
  readonly latencyMs: number;
  /** Time spent in the gateway itself: total latency less the time waiting on the upstream. */
  readonly overheadMs: number;
  readonly upstreamStatus: number | null;
  readonly status: number;
  readonly decision: 'allowed' | 'denied' | 'failed' | 'cut' | 'aborted';
  readonly errorCode: ErrorCode | null;
  readonly stages: readonly StageRecord[];
  /** What the guard stages found (rule ids, scores, JSON paths; never text). Absent on older events. */
  readonly findings?: readonly GuardFinding[];
  /** Streams: time from arrival to the first event relayed to the client (time to first token). */
  readonly firstTokenMs?: number;
  /**
   * Every upstream attempt, when there was more than one, a fallback served, or a circuit was
   * open (upstream/faults.ts). Absent for a request answered by its first attempt.
   */
  readonly attempts?: readonly UpstreamAttempt[];
}

/** One upstream attempt: where it went and what came back. No header, key or body. */
export interface UpstreamAttempt {
  /** Provider variant and origin, e.g. `openai https://api.openai.com`. */
  readonly upstream: string;
  /** Sent to a fallback deployment. */
  readonly fallback: boolean;
  /** The provider's status, or null when no answer came. */
  readonly status: number | null;
  /** Why the attempt failed: `upstream_unreachable`, `upstream_timeout`, `upstream_circuit_open`, … */
  readonly errorCode: ErrorCode | null;
  readonly ms: number;
  /** The backoff waited before it (absent for an upstream's first attempt). */
  readonly waitMs?: number;
}

export interface TokenUsage {
  /** All input tokens, cached and cache-written ones included (OpenAI's prompt_tokens). */
  readonly input: number | null;
  readonly output: number | null;
  /** Input tokens read from the provider's prompt cache (billed lower). */
  readonly cached: number | null;
  readonly reasoning: number | null;
  /** Input tokens written to Anthropic's prompt cache (billed higher); absent for OpenAI. */
  readonly cacheWrite?: number | null;
}

export const NO_USAGE: TokenUsage = Object.freeze({ input: null, output: null, cached: null, reasoning: null });
