import type { RedteamReport } from '../types.js';

export function renderJson(report: RedteamReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
