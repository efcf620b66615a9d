import autocannon from 'autocannon';
import { percentile } from './stats.js';
import { CHAT_BODY, CHAT_PATH, clientHeaders, type Target } from './targets.js';

export interface LoadResult {
  readonly requestsPerSecond: number;
  /** Milliseconds, from every 2xx response's own time (autocannon's histogram rounds to 1 ms). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly completed: number;
  /** Connection errors, timeouts and non-2xx answers. */
  readonly failures: number;
}

/** Non-streamed chat completions at a fixed number of keep-alive connections, for `seconds`. */
export async function runLoad(target: Target, connections: number, seconds: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: `${target.url}${CHAT_PATH}`,
    method: 'POST',
    headers: clientHeaders(target),
    body: CHAT_BODY,
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const result = await instance;
  return {
    requestsPerSecond: result['2xx'] / result.duration,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    completed: result['2xx'],
    failures: result.errors + result.timeouts + result.non2xx,
  };
}
