import { SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import type { AuditEvent } from '../audit/event.js';

/**
 * OpenTelemetry spans for proxied requests, following the GenAI semantic conventions
 * (opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-spans/): one CLIENT span per request named
 * `{gen_ai.operation.name} {gen_ai.request.model}`, with the provider, model, token usage and
 * error type. Never any prompt or completion text, user id or key.
 *
 * Only @opentelemetry/api is used: spans are no-ops unless the operator registers an SDK in the
 * process (e.g. `node --import ./otel-setup.mjs`, see docs/monitoring.md). The span is made when
 * the request settles, from its audit event, with the request's real start and end times.
 */
export type RequestTracer = (event: AuditEvent) => void;

const PROVIDER_NAME: Readonly<Record<string, string>> = { openai: 'openai', azure: 'azure.ai.openai', anthropic: 'anthropic' };

export function createRequestTracer(version: string): RequestTracer {
  const tracer = trace.getTracer('portcullis', version);
  return (event) => {
    const operation = operationOf(event.endpoint);
    const startMs = Date.parse(event.time);
    if (!Number.isFinite(startMs)) return;
    const attributes: Attributes = {
      'gen_ai.operation.name': operation,
      'portcullis.endpoint': event.endpoint,
      'portcullis.decision': event.decision,
      'portcullis.streamed': event.streamed,
      'portcullis.gateway_overhead_ms': event.overheadMs,
      'http.response.status_code': event.status,
    };
    const provider = event.provider === null ? undefined : PROVIDER_NAME[event.provider];
    if (provider !== undefined) {
      attributes['gen_ai.provider.name'] = provider;
      // The attribute's name before semconv 1.37, still read by many backends.
      attributes['gen_ai.system'] = provider;
    }
    if (event.model !== null) attributes['gen_ai.request.model'] = event.model;
    if (event.tokens.input !== null) attributes['gen_ai.usage.input_tokens'] = event.tokens.input;
    if (event.tokens.output !== null) attributes['gen_ai.usage.output_tokens'] = event.tokens.output;
    if (event.environment !== null) attributes['portcullis.environment'] = event.environment;
    if (event.costUsd !== null) attributes['portcullis.cost_usd'] = event.costUsd;
    if (event.firstTokenMs !== undefined) attributes['portcullis.time_to_first_token_ms'] = event.firstTokenMs;
    if (event.upstreamStatus !== null) attributes['portcullis.upstream_status'] = event.upstreamStatus;
    const failed = event.status >= 400 || event.decision === 'failed' || event.decision === 'cut';
    if (failed) attributes['error.type'] = event.errorCode ?? String(event.status);
    const span = tracer.startSpan(event.model === null ? operation : `${operation} ${event.model}`, {
      kind: SpanKind.CLIENT,
      startTime: startMs,
      attributes,
    });
    if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: event.errorCode ?? undefined });
    span.end(startMs + event.latencyMs);
  };
}

/** The GenAI operation of a route label such as `POST /v1/chat/completions`. */
function operationOf(endpoint: string): string {
  if (endpoint.includes('/embeddings')) return 'embeddings';
  if (endpoint.includes('/chat/completions') || endpoint.includes('/messages') || endpoint.includes('/responses')) {
    return endpoint.includes('count_tokens') ? 'count_tokens' : 'chat';
  }
  return 'other';
}
