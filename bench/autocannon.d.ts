/**
 * The slice of autocannon 8's API the benchmark uses (the package ships no types). Shapes follow
 * autocannon/lib/run.js and lib/aggregateResult.js.
 */
declare module 'autocannon' {
  namespace autocannon {
    interface Options {
      readonly url: string;
      readonly connections?: number;
      readonly pipelining?: number;
      /** Seconds. */
      readonly duration?: number;
      /** Requests per second across all connections (an open loop); unset: as fast as answered. */
      readonly overallRate?: number;
      /** Seconds a request may take before it counts as a timeout. */
      readonly timeout?: number;
      readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: string | Buffer;
      readonly workers?: number;
    }

    /** Percentiles in autocannon's key spelling (p2_5 is the 2.5th), plus mean and friends. */
    interface Histogram {
      readonly average: number;
      readonly mean: number;
      readonly stddev: number;
      readonly min: number;
      readonly max: number;
      readonly total?: number;
      readonly p50: number;
      readonly p90: number;
      readonly p97_5: number;
      readonly p99: number;
    }

    interface Result {
      readonly duration: number;
      readonly errors: number;
      readonly timeouts: number;
      readonly non2xx: number;
      readonly resets: number;
      readonly '2xx': number;
      /** Milliseconds, recorded by an integer-valued HDR histogram (1 ms resolution). */
      readonly latency: Histogram;
      /** Requests per one-second sample. */
      readonly requests: Histogram & { readonly sent: number };
      readonly throughput: Histogram;
    }

    /** The running job: an EventEmitter that is also a promise of the result. */
    interface Instance extends PromiseLike<Result> {
      /** `response`: (client, statusCode, responseBytes, responseTimeMs) for every response. */
      on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): this;
      on(event: 'error', listener: (err: Error) => void): this;
      stop(): void;
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance;
  export default autocannon;
}
