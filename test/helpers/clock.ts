/**
 * A budgets.timeZone whose local midnight is at least six hours from `now`, for tests whose
 * budget day must not end while they run: a child gateway process cannot be given a fake clock,
 * but it can be given a zone. ('Etc/GMT-12' is UTC+12: POSIX zone names invert the sign.)
 */
export function budgetZoneAwayFromMidnight(now = Date.now()): string {
  const hour = new Date(now).getUTCHours();
  return hour >= 6 && hour < 18 ? 'UTC' : 'Etc/GMT-12';
}
