import type { TokenUsage } from '../audit/event.js';
import type { Secret } from '../secrets/secret.js';
import type { RequestContext, TextDelta } from '../pipeline/types.js';
import type { SseEvent } from './sse.js';

/** The request the upstream client sends, fully built: no stage sees the provider key. */
export interface UpstreamRequest {
  readonly url: URL;
  readonly method: 'GET' | 'POST';
  readonly headers: Record<string, string>;
  readonly body: string | Buffer | undefined;
}

/** What the stream relay learns from one SSE event. */
export interface StreamEventView {
  /** False for events the client must not see (the usage chunk the gateway asked for itself). */
  readonly forward: boolean;
  readonly deltas: readonly TextDelta[];
}

/** Reads one streamed response: its text deltas, its usage, and whether it ended properly. */
export interface StreamObserver {
  onEvent(event: SseEvent): StreamEventView;
  usage(): TokenUsage;
  /** The provider's own end-of-stream marker was seen ([DONE], message_stop, response.completed). */
  readonly finished: boolean;
}

export interface StreamOptions {
  /** Parse every event for text (output stages are on); otherwise only events that carry usage. */
  readonly wantText: boolean;
  /** The gateway added `stream_options.include_usage`; the usage-only chunk is not the client's. */
  readonly dropUsageChunk: boolean;
}

export interface ProviderAdapter {
  /** `openai`, `azure` or `anthropic`: the variant, for logs and the audit event. */
  readonly kind: string;
  /** Hosts this provider connects to, for the egress allow-list. */
  readonly hosts: readonly string[];
  /**
   * Edits the body as the provider needs before forwarding (e.g. asking OpenAI for stream usage).
   * Returns what the stream relay must know about those edits.
   */
  adjustBody(ctx: RequestContext): { dropUsageChunk: boolean };
  buildRequest(ctx: RequestContext, body: string | Buffer | undefined, key: Secret): UpstreamRequest;
  /** The API version the request was made with, for the audit event. */
  apiVersion(ctx: RequestContext): string | null;
  usageFromBody(ctx: RequestContext, body: unknown): TokenUsage;
  textFromBody(ctx: RequestContext, body: unknown): TextDelta[];
  observeStream(ctx: RequestContext, options: StreamOptions): StreamObserver;
  /** False when this provider variant cannot serve the model at all (an Azure model with no deployment). */
  supportsModel?(model: string): boolean;
  /**
   * The OpenAI account behind this binding (plain OpenAI only), for the gateway's own side calls
   * to it, such as moderation. Azure and Anthropic have none.
   */
  readonly openaiAccount?: { readonly baseUrl: string; readonly organization?: string; readonly project?: string };
  /** A locally built answer for endpoints the provider variant has no upstream for (Azure model list). */
  localResponse?(ctx: RequestContext): { status: number; body: unknown } | undefined;
}
