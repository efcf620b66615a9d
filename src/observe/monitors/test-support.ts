import type { AuditEvent } from '../../audit/event.js';
import type { AlertEvent } from '../alerts.js';
import type { RaiseAlert } from './types.js';

/** A settled request as the monitors see it; tests override what they are about. */
export function settled(over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    requestId: 'req_test',
    time: '2026-03-02T10:00:00.000Z',
    keyId: 'key_a',
    environment: 'prod',
    user: 'u_alice',
    provider: 'openai',
    model: 'gpt-4o-mini',
    endpoint: 'POST /v1/chat/completions',
    apiVersion: null,
    streamed: false,
    tokens: { input: 10, output: 20, cached: null, reasoning: null },
    costUsd: 0.001,
    latencyMs: 100,
    overheadMs: 1,
    upstreamStatus: 200,
    status: 200,
    decision: 'allowed',
    errorCode: null,
    stages: [],
    ...over,
  };
}

/** Collects raised alerts (the hub's deduplication is tested on its own). */
export function collector(): { raise: RaiseAlert; alerts: { alert: AlertEvent; environment: string | undefined }[] } {
  const alerts: { alert: AlertEvent; environment: string | undefined }[] = [];
  return { raise: (alert, environment) => alerts.push({ alert, environment }), alerts };
}

export const HOUR_MS = 3_600_000;
/** Monday 2 March 2026, 00:00 UTC. */
export const MONDAY = Date.UTC(2026, 2, 2);
