/** Parsers for the redteam command's option values; each throws a message naming the option. */

export function parseRate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|sec|m|min))?\s*$/.exec(value);
  if (!m) throw new Error('--rate must look like 5/s, 0.5/s or 120/m');
  const n = Number(m[1]);
  const perSecond = m[2]?.startsWith('m') ? n / 60 : n;
  if (perSecond <= 0) throw new Error('--rate must be above 0');
  return perSecond;
}

/** `0.1`, `10%` → 0.1. */
export function parseFailAbove(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value);
  if (!m) throw new Error('--fail-above must be a rate such as 0.1 or 10%');
  const rate = m[2] === '%' ? Number(m[1]) / 100 : Number(m[1]);
  if (rate < 0 || rate > 1) throw new Error('--fail-above must be between 0 and 1 (or 0% and 100%)');
  return rate;
}

export function parsePositiveInt(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new Error(`${name} must be an integer from 1 to ${String(max)}`);
  return Number(value);
}

/** An http(s) URL without credentials; the message never repeats the value (it may hold a secret). */
export function parseTargetUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be an http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${name} must be an http(s) URL`);
  if (url.username || url.password) throw new Error(`${name} must not carry credentials; pass the key with --key or PORTCULLIS_REDTEAM_KEY`);
  return value;
}
