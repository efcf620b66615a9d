import type { IncomingHttpHeaders } from 'node:http';

/**
 * Exponential backoff with full jitter (a random wait below a ceiling that doubles per retry):
 * clients that failed together do not retry together. See the AWS Architecture Blog, "Exponential
 * Backoff And Jitter".
 */
export function backoffMs(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * The wait a provider asked for, in ms, or undefined when it named none (or nonsense).
 * `retry-after-ms` (OpenAI, Azure) is preferred for its precision; `Retry-After` is either
 * delay-seconds or an HTTP-date (RFC 9110 §10.2.3). A date in the past means "now".
 */
export function retryAfterMs(headers: IncomingHttpHeaders, nowMs: number): number | undefined {
  const precise = headerValue(headers['retry-after-ms']);
  if (precise !== undefined && /^\d+(\.\d+)?$/.test(precise)) return Math.ceil(Number(precise));
  const value = headerValue(headers['retry-after']);
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // The HTTP-date forms (IMF-fixdate, RFC 850, asctime) all begin with the day of the week;
  // Date.parse alone would accept far more.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? /.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  const trimmed = first?.trim();
  return trimmed === '' ? undefined : trimmed;
}
