import type { UnusualSpendSettings } from '../../config/monitoring.js';
import { createHourlyBaseline, type HourlyBaseline } from './baseline.js';
import { round, type Monitor, type RaiseAlert } from './types.js';

/**
 * Unusual spending: the dollars spent in the current hour reach `factor` × the learned baseline
 * for that hour of the week, and at least `minUsdPerHour`. The hard caps and their 50/80/100 %
 * alerts stay with the budget stage (`budget_threshold`); this notices a rate change long before
 * a monthly cap is near.
 */
export function createUnusualSpendMonitor(settingsFor: (environment: string | undefined) => UnusualSpendSettings, raise: RaiseAlert): Monitor {
  const baselines = new Map<string, HourlyBaseline>();
  return {
    name: 'unusual_spend',
    observe(event, nowMs) {
      const environment = event.environment;
      if (environment === null) return;
      const settings = settingsFor(environment);
      if (!settings.enabled) return;
      let baseline = baselines.get(environment);
      if (!baseline) {
        baseline = createHourlyBaseline(settings);
        baselines.set(environment, baseline);
      }
      const cost = event.costUsd !== null && Number.isFinite(event.costUsd) && event.costUsd > 0 ? event.costUsd : 0;
      const spent = baseline.add(nowMs, cost);
      if (cost === 0) return;
      const expected = baseline.expected();
      if (expected === undefined || spent < settings.minUsdPerHour || spent < settings.factor * expected) return;
      raise(
        {
          kind: 'unusual_spend',
          time: new Date(nowMs).toISOString(),
          subject: `environment:${environment}`,
          message: `$${spent.toFixed(2)} spent this hour in environment ${environment}, against a usual $${expected.toFixed(2)} for this hour`,
          evidence: {
            usdThisHour: round(spent, 4),
            baselineUsdPerHour: round(expected, 4),
            factor: settings.factor,
            minUsdPerHour: settings.minUsdPerHour,
            hourStart: new Date(baseline.hourStartMs ?? nowMs).toISOString(),
          },
        },
        environment,
      );
    },
  };
}
