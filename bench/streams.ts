import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { CHAT_PATH, STREAM_BODY, clientHeaders, type Target } from './targets.js';

export interface StreamResult {
  /** Request sent → first body byte (the first SSE event), per stream, in ms. */
  readonly ttfbMs: number[];
  /** Request sent → last byte, per stream, in ms. */
  readonly totalMs: number[];
  /** Non-200 answers, transport errors, and streams that did not end with `data: [DONE]`. */
  readonly failures: number;
}

export interface StreamClient {
  run(count: number): Promise<StreamResult>;
  close(): Promise<void>;
}

const DONE = 'data: [DONE]\n\n';

/**
 * Streamed chat completions over `concurrency` keep-alive connections (kept across rounds, so no
 * connection setup lands in the numbers); each stream is read to its end.
 */
export function createStreamClient(target: Target, concurrency: number): StreamClient {
  const pool = new Pool(target.url, { connections: concurrency, pipelining: 1 });
  const headers = clientHeaders(target);

  async function one(result: { ttfbMs: number[]; totalMs: number[]; failures: number }): Promise<void> {
    const started = performance.now();
    try {
      const answer = await pool.request({ path: CHAT_PATH, method: 'POST', headers, body: STREAM_BODY });
      if (answer.statusCode !== 200) {
        await answer.body.dump();
        result.failures++;
        return;
      }
      let first: number | undefined;
      let tail = '';
      for await (const chunk of answer.body) {
        first ??= performance.now() - started;
        tail = (tail + (chunk as Buffer).toString('utf8')).slice(-DONE.length);
      }
      if (first === undefined || tail !== DONE) {
        result.failures++;
        return;
      }
      result.ttfbMs.push(first);
      result.totalMs.push(performance.now() - started);
    } catch {
      result.failures++;
    }
  }

  return {
    async run(count) {
      const result = { ttfbMs: [] as number[], totalMs: [] as number[], failures: 0 };
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < count) {
          next++;
          await one(result);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
      return result;
    },
    close: () => pool.close(),
  };
}
