import { SpanKind, SpanStatusCode, trace, type Span, type SpanOptions, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settled } from './monitors/test-support.js';
import { createRequestTracer } from './tracing.js';

interface Recorded {
  name: string;
  options: SpanOptions | undefined;
  status?: unknown;
  endTime?: unknown;
}

/** A registered "SDK" that keeps what the tracer was asked to do (no OpenTelemetry SDK installed). */
const spans: Recorded[] = [];
const provider: TracerProvider = {
  getTracer: (): Tracer =>
    ({
      startSpan(name: string, options?: SpanOptions): Span {
        const recorded: Recorded = { name, options };
        spans.push(recorded);
        return {
          setStatus(status: unknown) {
            recorded.status = status;
            return this;
          },
          end(endTime?: unknown) {
            recorded.endTime = endTime;
          },
        } as unknown as Span;
      },
    }) as unknown as Tracer,
};

beforeAll(() => {
  trace.setGlobalTracerProvider(provider);
});
afterAll(() => {
  trace.disable();
});

describe('OpenTelemetry spans (GenAI semantic conventions)', () => {
  it('makes one CLIENT span per request with the gen_ai attributes and the request\'s real times', () => {
    const trace = createRequestTracer('test');
    trace(settled({ time: '2026-03-02T10:00:00.000Z', latencyMs: 250, model: 'gpt-4o-mini', tokens: { input: 12, output: 34, cached: null, reasoning: null } }));
    const span = spans.at(-1)!;
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.options?.kind).toBe(SpanKind.CLIENT);
    expect(span.options?.startTime).toBe(Date.parse('2026-03-02T10:00:00.000Z'));
    expect(span.endTime).toBe(Date.parse('2026-03-02T10:00:00.000Z') + 250);
    expect(span.options?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.system': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 34,
      'portcullis.environment': 'prod',
      'http.response.status_code': 200,
    });
    expect(span.status).toBeUndefined();
  });

  it('marks failures with error.type and never carries user ids or keys', () => {
    const trace = createRequestTracer('test');
    trace(
      settled({
        endpoint: 'POST /v1/embeddings',
        provider: 'azure',
        status: 400,
        decision: 'denied',
        errorCode: 'prompt_injection_detected',
        user: 'u_0123456789abcdef0123456789abcdef',
        keyId: 'key_secretish',
      }),
    );
    const span = spans.at(-1)!;
    expect(span.name).toBe('embeddings gpt-4o-mini');
    expect(span.options?.attributes).toMatchObject({ 'gen_ai.provider.name': 'azure.ai.openai', 'error.type': 'prompt_injection_detected' });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'prompt_injection_detected' });
    const text = JSON.stringify(span.options);
    expect(text).not.toContain('u_0123456789abcdef');
    expect(text).not.toContain('key_secretish');
  });
});
