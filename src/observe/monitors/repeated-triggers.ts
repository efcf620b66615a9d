import type { RepeatedTriggersSettings } from '../../config/monitoring.js';
import { createTriggerCounter, type TriggerCounter } from '../triggers.js';
import { UNATTRIBUTED, type Monitor, type RaiseAlert } from './types.js';
import type { UserBlocks } from './user-blocks.js';

/**
 * Repeated guard triggers from one pseudonymized end user: `threshold` triggers (a request counts
 * once per finding kind it triggered) within `windowMs`. Requests that name no end user are
 * counted under their key, for the alert only: blocking applies to end users, never to a key
 * that many users may share.
 */
export function createRepeatedTriggersMonitor(
  settingsFor: (environment: string | undefined) => RepeatedTriggersSettings,
  raise: RaiseAlert,
  blocks: UserBlocks,
): Monitor {
  const counters = new Map<string, TriggerCounter>();
  return {
    name: 'repeated_triggers',
    observe(event, nowMs) {
      if (!event.findings || event.findings.length === 0) return;
      const settings = settingsFor(event.environment ?? undefined);
      if (!settings.enabled) return;
      const kinds = new Set<string>();
      for (const finding of event.findings) if ((settings.kinds as readonly string[]).includes(finding.kind)) kinds.add(finding.kind);
      if (kinds.size === 0) return;
      const environment = event.environment ?? UNATTRIBUTED;
      let counter = counters.get(environment);
      if (!counter) {
        counter = createTriggerCounter({ windowMs: settings.windowMs, maxSubjects: 10_000, maxPerSubject: Math.max(100, settings.threshold * 2) });
        counters.set(environment, counter);
      }
      const subject = event.user !== null ? `user:${event.user}` : `key:${event.keyId ?? 'none'}`;
      for (const kind of kinds) counter.record(subject, kind, nowMs);
      const count = counter.count(subject, undefined, nowMs);
      if (count < settings.threshold) return;
      const blockedUntil = settings.blockUser && event.user !== null ? nowMs + settings.blockDurationMs : undefined;
      if (blockedUntil !== undefined && event.user !== null) blocks.block(event.user, blockedUntil);
      const byKind: Record<string, number> = {};
      for (const kind of settings.kinds) {
        const n = counter.count(subject, kind, nowMs);
        if (n > 0) byKind[kind] = n;
      }
      raise(
        {
          kind: 'repeated_triggers',
          time: new Date(nowMs).toISOString(),
          subject,
          message: `${subject} triggered the input guard ${count} times in ${Math.round(settings.windowMs / 60_000)} min${blockedUntil === undefined ? '' : '; blocked for now'}`,
          evidence: {
            triggers: count,
            windowMs: settings.windowMs,
            threshold: settings.threshold,
            ...Object.fromEntries(Object.entries(byKind).map(([kind, n]) => [`kind.${kind}`, n])),
            keyId: event.keyId,
            lastRequestId: event.requestId,
            blockedUntil: blockedUntil === undefined ? null : new Date(blockedUntil).toISOString(),
          },
        },
        environment === UNATTRIBUTED ? undefined : environment,
      );
    },
  };
}
