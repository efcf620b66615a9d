import type { BreakerPolicyConfig } from '../config/upstream-policy.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** What the metrics and `/readyz`-style tooling read of one breaker. No secret in here. */
export interface BreakerSnapshot {
  /** The upstream: provider variant and origin, e.g. `openai https://api.openai.com`. */
  readonly upstream: string;
  readonly state: BreakerState;
  readonly consecutiveFailures: number;
  /** Outcomes and failures counted in the current window (the failure-ratio rule). */
  readonly windowRequests: number;
  readonly windowFailures: number;
  /** How often the circuit opened since start. */
  readonly opens: number;
  /** While open: ms until a probe request may go. */
  readonly retryInMs: number | null;
}

/** Leave to send one request; exactly one of its methods reports how it went (later calls are ignored). */
export interface BreakerPermit {
  /** The upstream answered (any status that is not a server failure). */
  success(): void;
  /** Connection error, timeout or a 5xx. */
  failure(): void;
  /** Neither: rate limited (429), or the client went away before an answer. */
  release(): void;
}

export type BreakerDecision = { readonly allowed: true; readonly permit: BreakerPermit } | { readonly allowed: false; readonly retryInMs: number };

const BUCKETS = 10;

/**
 * A circuit breaker for one upstream (Nygard, "Release It!"): closed until N consecutive failures
 * or a failure ratio over a sliding window (counted in ten buckets, so memory stays constant at any
 * request rate); then open for a cool-down, during which requests are refused at once; then
 * half-open, where one probe request decides between closed and open again. Outcomes of requests
 * that began before the last state change are ignored: they describe an older upstream.
 */
export class CircuitBreaker {
  readonly upstream: string;
  #config: BreakerPolicyConfig;
  readonly #now: () => number;
  readonly #onChange: ((upstream: string, from: BreakerState, to: BreakerState) => void) | undefined;
  #state: BreakerState = 'closed';
  #generation = 0;
  #consecutive = 0;
  #openedAt = 0;
  #probeOut = false;
  #opens = 0;
  readonly #requests = new Array<number>(BUCKETS).fill(0);
  readonly #failures = new Array<number>(BUCKETS).fill(0);
  #bucketStart = 0;

  constructor(upstream: string, config: BreakerPolicyConfig, now: () => number, onChange?: (upstream: string, from: BreakerState, to: BreakerState) => void) {
    this.upstream = upstream;
    this.#config = config;
    this.#now = now;
    this.#onChange = onChange;
    this.#bucketStart = now();
  }

  /** A reloaded config's settings apply from now on; the state and counts stay. */
  reconfigure(config: BreakerPolicyConfig): void {
    this.#config = config;
  }

  get state(): BreakerState {
    if (this.#state === 'open' && this.#now() - this.#openedAt >= this.#config.cooldownMs) this.#move('half-open');
    return this.#state;
  }

  acquire(): BreakerDecision {
    if (!this.#config.enabled) return { allowed: true, permit: NO_OP_PERMIT };
    const state = this.state;
    if (state === 'open') return { allowed: false, retryInMs: this.#retryInMs() };
    if (state === 'half-open') {
      // One probe at a time; the others are refused as if open (a short wait: the probe is out).
      if (this.#probeOut) return { allowed: false, retryInMs: 1000 };
      this.#probeOut = true;
    }
    return { allowed: true, permit: this.#permit(state === 'half-open') };
  }

  snapshot(): BreakerSnapshot {
    const state = this.state;
    this.#roll();
    return {
      upstream: this.upstream,
      state,
      consecutiveFailures: this.#consecutive,
      windowRequests: sum(this.#requests),
      windowFailures: sum(this.#failures),
      opens: this.#opens,
      retryInMs: state === 'open' ? this.#retryInMs() : null,
    };
  }

  #permit(probe: boolean): BreakerPermit {
    const generation = this.#generation;
    let done = false;
    const report = (outcome: 'success' | 'failure' | 'release'): void => {
      if (done) return;
      done = true;
      if (probe) this.#probeOut = false;
      if (generation !== this.#generation) return;
      if (outcome === 'release') return;
      if (probe) {
        this.#move(outcome === 'success' ? 'closed' : 'open');
        return;
      }
      this.#record(outcome === 'failure');
    };
    return { success: () => { report('success'); }, failure: () => { report('failure'); }, release: () => { report('release'); } };
  }

  #record(failed: boolean): void {
    this.#roll();
    this.#requests[BUCKETS - 1]! += 1;
    if (!failed) {
      this.#consecutive = 0;
      return;
    }
    this.#failures[BUCKETS - 1]! += 1;
    this.#consecutive += 1;
    const total = sum(this.#requests);
    const ratioTripped = total >= this.#config.minRequests && sum(this.#failures) / total >= this.#config.failureRatio;
    if (this.#consecutive >= this.#config.consecutiveFailures || ratioTripped) this.#move('open');
  }

  /** Shifts the bucket window forward to now (the last bucket is the current one). */
  #roll(): void {
    const width = this.#config.windowMs / BUCKETS;
    const steps = Math.floor((this.#now() - this.#bucketStart) / width);
    if (steps <= 0) return;
    const shift = Math.min(steps, BUCKETS);
    this.#requests.splice(0, shift);
    this.#failures.splice(0, shift);
    for (let i = 0; i < shift; i++) {
      this.#requests.push(0);
      this.#failures.push(0);
    }
    this.#bucketStart += steps * width;
  }

  #move(to: BreakerState): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#generation += 1;
    if (to === 'open') {
      this.#openedAt = this.#now();
      this.#opens += 1;
    }
    if (to === 'closed') {
      this.#consecutive = 0;
      this.#requests.fill(0);
      this.#failures.fill(0);
      this.#bucketStart = this.#now();
    }
    this.#onChange?.(this.upstream, from, to);
  }

  #retryInMs(): number {
    return Math.max(0, this.#config.cooldownMs - (this.#now() - this.#openedAt));
  }
}

const NO_OP_PERMIT: BreakerPermit = Object.freeze({ success: () => undefined, failure: () => undefined, release: () => undefined });

function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** One breaker per upstream, shared by every environment and key that reaches it. */
export interface BreakerRegistry {
  /** The upstream's breaker, created on first use with the first caller's policy. */
  get(upstream: string, config: BreakerPolicyConfig): CircuitBreaker;
  /** Every breaker's state, for metrics (a gauge per upstream) and diagnostics. */
  snapshot(): BreakerSnapshot[];
}

export function createBreakerRegistry(now: () => number = Date.now, onChange?: (upstream: string, from: BreakerState, to: BreakerState) => void): BreakerRegistry {
  const breakers = new Map<string, { breaker: CircuitBreaker; config: BreakerPolicyConfig }>();
  return {
    get(upstream, config) {
      const entry = breakers.get(upstream);
      if (!entry) {
        const breaker = new CircuitBreaker(upstream, config, now, onChange);
        breakers.set(upstream, { breaker, config });
        return breaker;
      }
      // A config reload (SIGHUP) brings new policy objects: the latest one seen applies.
      if (entry.config !== config) {
        entry.config = config;
        entry.breaker.reconfigure(config);
      }
      return entry.breaker;
    },
    snapshot: () => [...breakers.values()].map((e) => e.breaker.snapshot()),
  };
}
