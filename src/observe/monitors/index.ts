import type { AuditEvent } from '../../audit/event.js';
import { monitorSettingsFor, type MonitoringConfig, type MonitorSettings } from '../../config/monitoring.js';
import type { Clock } from '../clock.js';
import { createErrorRateMonitor } from './error-rate.js';
import { createOffHoursMonitor } from './off-hours.js';
import { createRepeatedTriggersMonitor } from './repeated-triggers.js';
import type { Monitor, RaiseAlert } from './types.js';
import { createUnusualSpendMonitor } from './unusual-spend.js';
import type { UserBlocks } from './user-blocks.js';
import { createVolumeSpikeMonitor } from './volume-spike.js';

export interface Monitors {
  /** Feeds one settled request to every monitor; synchronous, no I/O (alerts are delivered later). */
  observe(event: AuditEvent): void;
}

export interface MonitorDeps {
  readonly raise: RaiseAlert;
  readonly blocks: UserBlocks;
  readonly clock: Clock;
  /** Told when a monitor throws; the request it observed is not affected. */
  readonly onError?: (monitor: string, err: unknown) => void;
}

/** The monitors of docs/monitoring.md, with per-environment settings resolved once. */
export function createMonitors(config: MonitoringConfig, deps: MonitorDeps): Monitors {
  const resolved = new Map<string, MonitorSettings>();
  const settings = (environment: string | undefined): MonitorSettings => {
    const key = environment ?? '';
    let found = resolved.get(key);
    if (!found) {
      found = monitorSettingsFor(config, environment);
      resolved.set(key, found);
    }
    return found;
  };
  const monitors: Monitor[] = [
    createVolumeSpikeMonitor((env) => settings(env).volumeSpike, deps.raise),
    createUnusualSpendMonitor((env) => settings(env).unusualSpend, deps.raise),
    createRepeatedTriggersMonitor((env) => settings(env).repeatedTriggers, deps.raise, deps.blocks),
    createErrorRateMonitor((env) => settings(env).errorRate, deps.raise),
    createOffHoursMonitor((env) => settings(env).offHours, deps.raise),
  ];
  return {
    observe(event) {
      const now = deps.clock();
      for (const monitor of monitors) {
        try {
          monitor.observe(event, now);
        } catch (err) {
          deps.onError?.(monitor.name, err);
        }
      }
    },
  };
}

export { createUserBlocks, type UserBlocks } from './user-blocks.js';
