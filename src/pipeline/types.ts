import type { IncomingHttpHeaders } from 'node:http';
import type { ErrorCode } from '../errors.js';
import type { Route } from '../providers/routes.js';
import type { GatewayKeyRecord } from '../store/types.js';
import type { TokenUsage } from '../audit/event.js';

/**
 * The stage contract (DESIGN.md): a stage is created once from its config and dependencies and
 * then runs per request, returning a typed decision — never a bare boolean.
 */
export type Decision =
  | { readonly type: 'allow' }
  | { readonly type: 'transform'; readonly note: string }
  /** Let through, marked: a guard check fired under a `flag` policy (see `ctx.findings`). */
  | { readonly type: 'flag'; readonly note: string }
  | { readonly type: 'skip'; readonly reason: string }
  | {
      readonly type: 'deny';
      readonly code: ErrorCode;
      readonly message: string;
      readonly headers?: Readonly<Record<string, string>>;
    };

export const ALLOW: Decision = Object.freeze({ type: 'allow' });

export interface RequestStage {
  readonly name: string;
  run(ctx: RequestContext): Decision | Promise<Decision>;
  /**
   * After the response (or a later denial): turn this stage's reservations into actual use.
   * Called once for every stage whose run allowed or transformed the request.
   */
  settle?(ctx: RequestContext, outcome: SettleOutcome): Promise<void>;
}

/** What became of a request, for settling reservations. */
export interface SettleOutcome {
  /** The upstream received the request (it may bill for it). */
  readonly forwarded: boolean;
  /** Actual usage as the provider reported it; null when unknown (a stream cut short). */
  readonly usage: TokenUsage | null;
}

/** What the token-limit stage learned, for the budget reservation after it. */
export interface ConsumptionEstimate {
  readonly inputTokens: number;
  /** The output cap the request carries after the output-cap policy. */
  readonly maxOutputTokens: number;
  readonly tokenizer: string;
}

/** What the runner records of each stage, for the audit event. */
export interface StageRecord {
  readonly stage: string;
  readonly decision: 'allow' | 'transform' | 'flag' | 'deny' | 'skipped' | 'pass' | 'cut';
  readonly code?: ErrorCode;
  readonly ms: number;
}

/** Everything a stage may read or change about one request. */
export interface RequestContext {
  readonly requestId: string;
  readonly time: Date;
  readonly route: Route;
  readonly headers: IncomingHttpHeaders;
  /** Query string parameters, as sent. */
  readonly query: URLSearchParams;
  readonly clientIp: string;
  /** The parsed JSON body of POST routes. */
  body: Record<string, unknown> | undefined;
  /** Set by any stage that edits `body`; an unedited body is forwarded byte for byte. */
  bodyModified: boolean;
  key: GatewayKeyRecord | undefined;
  environment: string | undefined;
  /** The pseudonymized end user (never the raw id). */
  user: string | undefined;
  model: string | undefined;
  readonly streamed: boolean;
  /** Headers every answer to this request carries (rate-limit state). */
  readonly responseHeaders: Record<string, string>;
  /** Set by the token-limit stage. */
  consumption: ConsumptionEstimate | undefined;
  /** Set by the budget stage when it settles: the request's cost in micro-dollars. */
  costMicroUsd: number | undefined;
  /** What the guard stages found (absent until one finds something); no request text in here. */
  findings?: GuardFinding[];
}

/**
 * One thing a guard stage found in the request, for the audit event, the flag header and the
 * per-user trigger counts. It names where (a JSON path) and which rule, never the text itself.
 */
export interface GuardFinding {
  readonly stage: string;
  /** Input: `injection`, `jailbreak`, `filter`, `moderation`; output: `secret`, `pii`, `link`, `leak`, `schema`, `html`. */
  readonly kind: 'injection' | 'jailbreak' | 'filter' | 'moderation' | 'secret' | 'pii' | 'link' | 'leak' | 'schema' | 'html';
  /** Detector rule ids, a filter's `profile:term`/`profile:topic`, or moderation categories. */
  readonly rules: readonly string[];
  readonly action: 'block' | 'flag' | 'log' | 'redact';
  readonly score?: number;
  /** Whose text it was (user, tool, document, …) and where in the body. */
  readonly role?: string;
  readonly path?: string;
}

/** A piece of streamed (or whole, for non-streamed responses) model output. */
export interface TextDelta {
  readonly channel: 'content' | 'tool_arguments' | 'reasoning' | 'refusal';
  /** Choice or content-block index, so parallel outputs are not mixed. */
  readonly index: number;
  readonly text: string;
}

export type OutputDecision =
  | { readonly type: 'pass' }
  | { readonly type: 'cut'; readonly code: ErrorCode; readonly message: string };

export const PASS: OutputDecision = Object.freeze({ type: 'pass' });

/** The per-response side of an output stage: it sees text as it streams. */
export interface OutputInspector {
  onText(delta: TextDelta): OutputDecision;
  /** Called once when the upstream finished, before the client gets the end of the response. */
  onEnd(): OutputDecision;
  /**
   * For stages that rewrite or block spans of the text (redaction, link stripping, leaks): the
   * relay holds streamed text back by the scanner's window and releases it rewritten.
   */
  readonly scanner?: TextScanner;
}

/** A span an output scanner wants rewritten (redact), the response stopped for (block), or only recorded (log). */
export interface TextMatch {
  readonly start: number;
  readonly end: number;
  readonly rule: string;
  readonly action: 'redact' | 'block' | 'log';
  /** What replaces the span when redacted (`[REDACTED:openai-key]`). */
  readonly replacement: string;
}

/**
 * One output check over the not-yet-released text of one channel (a choice's content, a tool
 * call's arguments). It is called again as text arrives, on the whole window each time.
 */
export interface TextScanner {
  readonly stage: string;
  /** The finding kind its matches are recorded as (audit `findings`). */
  readonly kind: GuardFinding['kind'];
  /** The code a stream or response is cut with when this scanner blocks. */
  readonly blockCode: ErrorCode;
  /**
   * Characters of trailing text that must stay unreleased until the scanner has seen what
   * follows, so no match is ever released in halves.
   */
  readonly holdBackChars: number;
  /** Already-released text the scanner wants to see in front of the window (look-behind rules). */
  readonly contextChars?: number;
  /** Matches in `window`; with `final` false a possible match still being written may be reported to the window's end. */
  scan(window: string, final: boolean, channel: TextDelta['channel']): readonly TextMatch[];
}

export interface OutputStage {
  readonly name: string;
  /** An inspector for this response, or undefined when the stage does not apply (recorded as skipped). */
  open(ctx: RequestContext): OutputInspector | undefined;
}
