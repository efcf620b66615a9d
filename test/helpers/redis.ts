/**
 * Suites that need Redis read REDIS_URL. On a plain machine without it they skip with a message;
 * under CI (CI set) a missing REDIS_URL is a failure, never a skip.
 */
export function redisUrl(suite: string): string | undefined {
  const url = process.env.REDIS_URL;
  if (url) return url;
  if (process.env.CI && process.env.CI !== 'false') throw new Error(`${suite}: REDIS_URL is not set, and CI must not skip Redis-backed tests`);
  console.warn(`${suite}: skipped — set REDIS_URL (e.g. redis://127.0.0.1:6379) to run it`);
  return undefined;
}
