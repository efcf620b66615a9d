import type { AuditEvent } from '../../audit/event.js';
import type { ErrorRateSettings } from '../../config/monitoring.js';
import { round, subjectOf, UNATTRIBUTED, type Monitor, type RaiseAlert } from './types.js';

interface Window {
  index: number;
  requests: number;
  errors: number;
  codes: Map<string, number>;
  /** EWMA of the error ratio of earlier windows. */
  baseline: number;
  windowsSeen: number;
}

/** At most this many distinct codes are tallied per window (for the evidence). */
const MAX_CODES = 32;

/**
 * Error-rate increase: within a window of `windowMs`, the share of answers that are errors
 * (4xx, 5xx or both) reaches `factor` × the baseline share and exceeds it by `minIncrease`, over
 * at least `minRequests` requests. A burst of 401s and 404s is what probing looks like. Answers a
 * client aborted (499) are not errors.
 */
export function createErrorRateMonitor(settingsFor: (environment: string | undefined) => ErrorRateSettings, raise: RaiseAlert): Monitor {
  const windows = new Map<string, Window>();

  const isError = (event: AuditEvent, statuses: ErrorRateSettings['statuses']): boolean => {
    if (event.status === 499) return false;
    switch (statuses) {
      case '4xx':
        return event.status >= 400 && event.status < 500;
      case '5xx':
        return event.status >= 500;
      case 'all':
        return event.status >= 400;
    }
  };

  return {
    name: 'error_rate',
    observe(event, nowMs) {
      const settings = settingsFor(event.environment ?? undefined);
      if (!settings.enabled) return;
      const environment = event.environment ?? UNATTRIBUTED;
      const index = Math.floor(nowMs / settings.windowMs);
      let window = windows.get(environment);
      if (!window) {
        window = { index, requests: 0, errors: 0, codes: new Map(), baseline: 0, windowsSeen: 0 };
        windows.set(environment, window);
      } else if (index > window.index) {
        // The finished window joins the baseline; windows without traffic say nothing about the ratio.
        if (window.requests > 0) {
          const ratio = window.errors / window.requests;
          window.baseline = window.windowsSeen === 0 ? ratio : window.baseline + settings.alpha * (ratio - window.baseline);
          window.windowsSeen++;
        }
        window.index = index;
        window.requests = 0;
        window.errors = 0;
        window.codes.clear();
      }
      window.requests++;
      if (isError(event, settings.statuses)) {
        window.errors++;
        const code = event.errorCode ?? `http_${event.status}`;
        if (window.codes.has(code) || window.codes.size < MAX_CODES) window.codes.set(code, (window.codes.get(code) ?? 0) + 1);
      } else {
        return;
      }
      if (window.windowsSeen < settings.minBaselineWindows || window.requests < settings.minRequests) return;
      const ratio = window.errors / window.requests;
      if (ratio < settings.factor * window.baseline || ratio - window.baseline < settings.minIncrease) return;
      const topCodes = [...window.codes.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 5)
        .map(([code, n]) => `${code}:${n}`)
        .join(',');
      raise(
        {
          kind: 'error_rate',
          time: new Date(nowMs).toISOString(),
          subject: subjectOf(environment),
          message: `${Math.round(ratio * 100)}% of requests in ${subjectOf(environment)} failed in the last window (usually ${Math.round(window.baseline * 100)}%)`,
          evidence: {
            errors: window.errors,
            requests: window.requests,
            errorRatio: round(ratio, 4),
            baselineRatio: round(window.baseline, 4),
            statuses: settings.statuses,
            topCodes,
            windowStart: new Date(window.index * settings.windowMs).toISOString(),
          },
        },
        environment === UNATTRIBUTED ? undefined : environment,
      );
    },
  };
}
