import type { VolumeSpikeSettings } from '../../config/monitoring.js';
import { createHourlyBaseline, type HourlyBaseline } from './baseline.js';
import { round, subjectOf, UNATTRIBUTED, type Monitor, type RaiseAlert } from './types.js';

/**
 * Volume spike: the calls of the current hour reach `factor` × the learned baseline for that
 * hour of the week, and at least `minRequestsPerHour` (so a quiet system going from 2 to 5 calls
 * does not page). Every request counts, refused ones too: a flood of refused calls is news.
 */
export function createVolumeSpikeMonitor(settingsFor: (environment: string | undefined) => VolumeSpikeSettings, raise: RaiseAlert): Monitor {
  const baselines = new Map<string, HourlyBaseline>();
  return {
    name: 'volume_spike',
    observe(event, nowMs) {
      const environment = event.environment ?? UNATTRIBUTED;
      const settings = settingsFor(event.environment ?? undefined);
      if (!settings.enabled) return;
      let baseline = baselines.get(environment);
      if (!baseline) {
        baseline = createHourlyBaseline(settings);
        baselines.set(environment, baseline);
      }
      const calls = baseline.add(nowMs, 1);
      const expected = baseline.expected();
      if (expected === undefined || calls < settings.minRequestsPerHour || calls < settings.factor * expected) return;
      raise(
        {
          kind: 'volume_spike',
          time: new Date(nowMs).toISOString(),
          subject: subjectOf(environment),
          message:
            expected < 0.5
              ? `${calls} calls this hour in ${subjectOf(environment)}, which usually has none at this hour`
              : `${calls} calls this hour in ${subjectOf(environment)}, ${round(calls / expected, 1)}× the usual ${round(expected, 1)} for this hour`,
          evidence: {
            callsThisHour: calls,
            baselinePerHour: round(expected),
            factor: settings.factor,
            minRequestsPerHour: settings.minRequestsPerHour,
            hourStart: new Date(baseline.hourStartMs ?? nowMs).toISOString(),
          },
        },
        environment === UNATTRIBUTED ? undefined : environment,
      );
    },
  };
}
