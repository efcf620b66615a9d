import { WEEKDAYS, type OffHoursSettings } from '../../config/monitoring.js';
import type { Monitor, RaiseAlert } from './types.js';

interface LocalTime {
  readonly date: string;
  readonly weekday: (typeof WEEKDAYS)[number];
  /** Minutes since local midnight. */
  readonly minutes: number;
  readonly label: string;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

/**
 * Requests outside business hours: hours, days and time zone per environment. Each off-hours
 * stretch (before opening, after closing, a whole non-business day) is counted on its own;
 * `minRequests` of them raise the alert. Keys listed in `ignoreKeys` (night batch jobs) never count.
 */
export function createOffHoursMonitor(settingsFor: (environment: string | undefined) => OffHoursSettings, raise: RaiseAlert): Monitor {
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const stretches = new Map<string, { key: string; requests: number }>();
  /**
   * The local time of each zone, for the minute it was computed in: formatting a date in a time
   * zone costs more than the rest of the request's monitoring together, and the result only
   * changes from one minute to the next (zone offsets and DST changes fall on whole minutes).
   */
  const thisMinute = new Map<string, { readonly minute: number; readonly local: LocalTime }>();

  const localTime = (nowMs: number, timeZone: string): LocalTime => {
    const minute = Math.floor(nowMs / 60_000);
    const cached = thisMinute.get(timeZone);
    if (cached?.minute === minute) return cached.local;
    const local = formatLocalTime(nowMs, timeZone);
    thisMinute.set(timeZone, { minute, local });
    return local;
  };

  const formatLocalTime = (nowMs: number, timeZone: string): LocalTime => {
    let format = formatters.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      formatters.set(timeZone, format);
    }
    const parts = Object.fromEntries(format.formatToParts(new Date(nowMs)).map((p) => [p.type, p.value]));
    const weekday = (parts.weekday ?? 'Sun').slice(0, 3).toLowerCase() as LocalTime['weekday'];
    const minutes = Number(parts.hour) * 60 + Number(parts.minute);
    return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday, minutes, label: `${parts.weekday} ${parts.hour}:${parts.minute}` };
  };

  /** The off-hours stretch this local time falls in, or undefined during business hours. */
  const stretchOf = (local: LocalTime, settings: OffHoursSettings): string | undefined => {
    if (!settings.days.includes(local.weekday)) return `${local.date}:day`;
    const start = minutesOf(settings.start);
    const end = minutesOf(settings.end);
    // start > end: business hours run past midnight (22:00–06:00).
    const open = start <= end ? local.minutes >= start && local.minutes < end : local.minutes >= start || local.minutes < end;
    if (open) return undefined;
    return `${local.date}:${local.minutes < Math.min(start, end) ? 'early' : 'late'}`;
  };

  return {
    name: 'off_hours',
    observe(event, nowMs) {
      // Only requests with a valid key and environment: refused anonymous calls are the error-rate monitor's.
      if (event.environment === null || event.keyId === null) return;
      const settings = settingsFor(event.environment);
      if (!settings.enabled || settings.ignoreKeys.includes(event.keyId)) return;
      const local = localTime(nowMs, settings.timeZone);
      const stretch = stretchOf(local, settings);
      if (stretch === undefined) return;
      const previous = stretches.get(event.environment);
      const current = previous?.key === stretch ? previous : { key: stretch, requests: 0 };
      current.requests++;
      stretches.set(event.environment, current);
      if (current.requests < settings.minRequests) return;
      raise(
        {
          kind: 'off_hours',
          time: new Date(nowMs).toISOString(),
          subject: `environment:${event.environment}`,
          message: `${current.requests} request(s) outside business hours in environment ${event.environment} (${local.label} ${settings.timeZone})`,
          evidence: {
            localTime: local.label,
            timeZone: settings.timeZone,
            businessHours: `${settings.days.join(',')} ${settings.start}-${settings.end}`,
            requestsThisStretch: current.requests,
            keyId: event.keyId,
            lastRequestId: event.requestId,
          },
        },
        event.environment,
      );
    },
  };
}
