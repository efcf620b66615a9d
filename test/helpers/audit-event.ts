import type { AuditEvent } from '../../src/audit/event.js';

/** A complete, plausible audit event for store and CLI tests; override what a test is about. */
export function sampleAuditEvent(over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    requestId: 'req_sample',
    time: '2026-01-01T00:00:00.000Z',
    keyId: 'key_a',
    environment: 'dev',
    user: 'u_1',
    provider: 'openai',
    model: 'gpt-4o-mini',
    endpoint: 'POST /v1/chat/completions',
    apiVersion: null,
    streamed: false,
    tokens: { input: 1, output: 2, cached: null, reasoning: null },
    costUsd: 0.000012,
    latencyMs: 1,
    overheadMs: 0.5,
    upstreamStatus: 200,
    status: 200,
    decision: 'allowed',
    errorCode: null,
    stages: [{ stage: 'auth', decision: 'allow', ms: 0.1 }],
    ...over,
  };
}
