import type { FastifyRequest } from 'fastify';
import type { AuditEvent } from '../audit/event.js';
import { NO_USAGE } from '../audit/event.js';
import { statusOf, type ErrorCode } from '../errors.js';

/**
 * The audit event of a request refused before any route ran (unreadable body, unknown route):
 * nothing is known of its key or user, but it still leaves a trace, so probing shows up.
 */
export function rejectedEvent(request: Pick<FastifyRequest, 'id' | 'url' | 'method'>, code: ErrorCode, receivedAt: Date): AuditEvent {
  const path = (request.url.split('?')[0] ?? '').slice(0, 200);
  const latencyMs = Math.round((Date.now() - receivedAt.getTime()) * 1000) / 1000;
  return {
    requestId: request.id,
    time: receivedAt.toISOString(),
    keyId: null,
    environment: null,
    user: null,
    provider: null,
    model: null,
    endpoint: `${request.method} ${path}`,
    apiVersion: null,
    streamed: false,
    tokens: NO_USAGE,
    costUsd: null,
    latencyMs,
    overheadMs: latencyMs,
    upstreamStatus: null,
    status: statusOf(code),
    decision: 'denied',
    errorCode: code,
    stages: [],
  };
}
