import type { AuditEvent } from '../../audit/event.js';
import type { AlertEvent } from '../alerts.js';

/**
 * A monitor watches settled requests (their audit events) and raises alerts with evidence. It is
 * synchronous and in-process: it runs on the settle path and must not add I/O there.
 */
export interface Monitor {
  readonly name: string;
  observe(event: AuditEvent, nowMs: number): void;
}

/** Hands an alert to the alert hub (deduplication, storage, delivery). */
export type RaiseAlert = (alert: AlertEvent, environment: string | undefined) => void;

/** Monitors keep state per environment; requests refused before an environment was known share one. */
export const UNATTRIBUTED = '';

export function subjectOf(environment: string): string {
  return environment === UNATTRIBUTED ? 'unattributed' : `environment:${environment}`;
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
