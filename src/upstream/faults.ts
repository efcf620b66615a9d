import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { UpstreamAttempt } from '../audit/event.js';
import { GatewayError, type ErrorCode } from '../errors.js';
import { backoffMs, retryAfterMs } from './backoff.js';
import { createBreakerRegistry, type BreakerPermit, type BreakerRegistry, type BreakerState } from './breaker.js';
import { discardBody, type BufferedCall, type BufferedUpstreamResponse, type RequestTimeouts, type UpstreamResponse } from './client.js';
import { defaultUpstreamPolicy, type UpstreamPolicy } from './policy.js';
import { StopSignal } from './stop-signal.js';

/**
 * Upstream faults: retries, the circuit breaker, the fallback deployment and the total deadline,
 * around the plain upstream client. The rules (docs/reliability.md):
 *
 * - An attempt is retried only before anything reached the client: on a connection error or
 *   timeout before the response headers, or on a status in `retry.statuses` (429, 5xx). A 2xx
 *   answer is never retried, even when reading it fails: the provider may bill it, and a stream's
 *   bytes go to the client as they arrive. Every request body is replayable: the gateway reads
 *   the whole client body before forwarding it.
 * - Waits are jittered exponential backoff, at least the provider's `Retry-After` (capped by
 *   `retry.maxRetryAfterMs`: a longer wait goes back to the client instead), within
 *   `retry.maxAttempts` and `retry.budgetMs`, and never past the request's total deadline.
 * - When an upstream's attempts are used up or its breaker is open, its `fallback` (a second
 *   deployment of the same API) gets the request, with its own retries and breaker. The answer
 *   that is finally relayed is the last one (a provider 5xx/429 passes through as before); with
 *   every upstream's breaker open and nothing tried: `upstream_circuit_open`.
 */

/** One attempt as the audit event shows it: where, what came back, how long; never a header or key. */
export type AttemptRecord = UpstreamAttempt;

/** Clock, sleep and randomness, injectable so tests need neither real waits nor luck. */
export interface UpstreamTiming {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  random(): number;
}

export const REAL_TIMING: UpstreamTiming = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
  random: () => Math.random(),
};

/** The gateway-wide part: breakers (shared by every environment), timing, defaults. */
export interface UpstreamFaults {
  readonly breakers: BreakerRegistry;
  readonly timing: UpstreamTiming;
  /** `upstream.totalTimeoutMs`: the total deadline of a provider without its own `timeouts.totalMs`. */
  readonly totalTimeoutMs: number;
}

export function createUpstreamFaults(options: {
  readonly totalTimeoutMs: number;
  readonly timing?: UpstreamTiming;
  readonly onBreakerChange?: (upstream: string, from: BreakerState, to: BreakerState) => void;
}): UpstreamFaults {
  const timing = options.timing ?? REAL_TIMING;
  return { breakers: createBreakerRegistry(() => timing.now(), options.onBreakerChange), timing, totalTimeoutMs: options.totalTimeoutMs };
}

/** What the chain is made of: a provider binding with its policy and, perhaps, a fallback. */
export interface FaultTolerantBinding<B> {
  readonly policy?: UpstreamPolicy | undefined;
  readonly fallback?: B | undefined;
  readonly adapter: { readonly kind: string; readonly hosts: readonly string[] };
}

/**
 * A binding made ready for this request. `send`/`call` make one attempt; they are the proxy's, so
 * an attempt can itself move between provider keys (upstream/provider-keys.ts) before it counts.
 */
export interface PreparedStream<T> {
  /** What the proxy needs to know about how the body was adjusted for this binding. */
  readonly extra: T;
  send(signal: AbortSignal, timeouts: RequestTimeouts): Promise<UpstreamResponse>;
}

export interface PreparedBuffered<T> {
  readonly extra: T;
  call(timeouts: RequestTimeouts): BufferedCall;
}

export interface ExchangeOptions<B, P> {
  readonly binding: B;
  /** False when a binding cannot serve this request at all (an Azure fallback without a deployment for the model). */
  canServe(binding: B): boolean;
  /** Adjusts the body for a binding (`position` 0: the primary) and returns how to send it. */
  prepare(binding: B, position: number): P;
}

/** The bookkeeping of one request's exchange with its upstream(s). */
export interface Exchange<B, T> {
  readonly attempts: readonly AttemptRecord[];
  /** The binding whose answer is relayed (the primary, or a fallback); the primary before any attempt. */
  readonly binding: B;
  /** The `extra` of the binding last attempted; undefined when none was (every circuit open). */
  readonly extra: T | undefined;
  /** Ends the total deadline's timer; call when the response is finished. */
  dispose(): void;
}

/** One attempt's result, whatever the transport. */
type AttemptResult<R> =
  | { readonly kind: 'answer'; readonly status: number; readonly headers: IncomingHttpHeaders; readonly value: R; discard(): void }
  | { readonly kind: 'error'; readonly error: Error; /** the status if headers came before the failure, else 0 */ readonly status: number };

type Runner<P, R> = (prepared: P, policy: UpstreamPolicy, stop: StopSignal) => Promise<AttemptResult<R>>;

const RETRYABLE_ERRORS: ReadonlySet<ErrorCode> = new Set(['upstream_unreachable', 'upstream_timeout']);

const defaultPolicies = new WeakMap<object, UpstreamPolicy>();

/** A binding from before this feature (the built-in mock): the defaults, named by its first host. */
function policyOf(binding: FaultTolerantBinding<unknown>): UpstreamPolicy {
  if (binding.policy) return binding.policy;
  let policy = defaultPolicies.get(binding);
  if (!policy) {
    policy = defaultUpstreamPolicy(`${binding.adapter.kind} ${binding.adapter.hosts[0] ?? 'unknown'}`);
    defaultPolicies.set(binding, policy);
  }
  return policy;
}

/** Hosts a binding and its fallbacks connect to, for the egress allow-list. */
export function upstreamHosts<B extends FaultTolerantBinding<B>>(binding: B): string[] {
  const hosts: string[] = [];
  for (let b: B | undefined = binding; b; b = b.fallback) hosts.push(...b.adapter.hosts);
  return hosts;
}

function deadlineError(): GatewayError {
  return new GatewayError('upstream_timeout', 'The upstream did not finish within the total time allowed for a request.');
}

/** Read through a call: the flag changes while the loop awaits (TypeScript would assume it cannot). */
function stopped(signal: StopSignal): boolean {
  return signal.stopped;
}

class AbortedByClient extends Error {
  constructor() {
    super('The request was aborted: the client went away.');
    this.name = 'AbortError';
  }
}

/**
 * The attempt loop, the same for streamed and buffered calls: `run` sends one attempt. Resolves
 * with the answer to relay (its status may be an error status); rejects with the error of the
 * last attempt, `upstream_circuit_open`, `upstream_timeout` (deadline) or an AbortError.
 */
async function runExchange<B extends FaultTolerantBinding<B>, T, P extends { readonly extra: T }, R>(
  faults: UpstreamFaults,
  options: ExchangeOptions<B, P>,
  run: Runner<P, R>,
  client: StopSignal,
  deadline: StopSignal,
  totalMs: number,
  state: { attempts: AttemptRecord[]; binding: B; extra: T | undefined },
): Promise<R> {
  const { timing } = faults;
  // A wait that would end past the deadline is not started: the last answer is relayed instead.
  const deadlineAt = timing.now() + totalMs;
  // An attempt (or a wait) ends on whichever comes first.
  const either = new StopSignal();
  either.follow(client);
  either.follow(deadline);
  let last: AttemptResult<R> | undefined;
  let circuitRetryInMs: number | undefined;
  let position = 0;
  for (let binding: B | undefined = options.binding; binding; binding = binding.fallback, position++) {
    const policy = policyOf(binding);
    const breaker = faults.breakers.get(policy.upstream, policy.breaker);
    if (position > 0 && !options.canServe(binding)) continue;
    const prepared = options.prepare(binding, position);
    const started = timing.now();
    let waitMs: number | undefined;
    for (let attempt = 1; ; attempt++) {
      if (stopped(client)) throw new AbortedByClient();
      if (stopped(deadline)) throw deadlineError();
      const decision = breaker.acquire();
      if (!decision.allowed) {
        state.attempts.push({ upstream: policy.upstream, fallback: position > 0, status: null, errorCode: 'upstream_circuit_open', ms: 0 });
        circuitRetryInMs = Math.min(circuitRetryInMs ?? Infinity, decision.retryInMs);
        break;
      }
      const attemptStarted = timing.now();
      const result = await run(prepared, policy, either);
      const ms = Math.round((timing.now() - attemptStarted) * 1000) / 1000;
      if (stopped(client)) {
        decision.permit.release();
        if (result.kind === 'answer') result.discard();
        throw new AbortedByClient();
      }
      const verdict = judge(result, policy, decision.permit, deadline.stopped);
      state.attempts.push({
        upstream: policy.upstream,
        fallback: position > 0,
        status: result.status === 0 ? null : result.status,
        errorCode: verdict.code,
        ms,
        ...(waitMs === undefined ? {} : { waitMs }),
      });
      state.binding = binding;
      state.extra = prepared.extra;
      if (!verdict.retryable) {
        if (result.kind === 'answer') return result.value;
        throw deadline.stopped ? deadlineError() : result.error;
      }
      last = result;
      // Another attempt on this upstream?
      waitMs = nextWait(timing, policy, attempt, result, started);
      if (waitMs === undefined || timing.now() + waitMs >= deadlineAt) break;
      if (result.kind === 'answer') result.discard();
      last = undefined;
      try {
        // Retries are rare: the AbortSignal the sleep takes is made only for them.
        await timing.sleep(waitMs, either.toAbortSignal());
      } catch {
        if (stopped(client)) throw new AbortedByClient();
        throw deadlineError();
      }
    }
    // This upstream is done with. A fallback that can take the request gets it; otherwise the
    // last answer is relayed, so the check comes before that answer is dropped.
    if (!fallbackUsable(faults, options, binding.fallback, last === undefined)) break;
    if (last?.kind === 'answer') last.discard();
    last = undefined;
  }
  if (last?.kind === 'answer') return last.value;
  if (last?.kind === 'error') throw last.error;
  if (circuitRetryInMs !== undefined) {
    const seconds = Math.max(1, Math.ceil(circuitRetryInMs / 1000));
    throw new GatewayError('upstream_circuit_open', 'The upstream is failing and the gateway stopped sending it requests for a while; no fallback could take this one.', { 'retry-after': String(seconds) });
  }
  throw new GatewayError('provider_not_configured', 'No configured deployment can serve this request.');
}

/** The next binding in the chain that could take the request (its breaker not known to be open). */
function fallbackUsable<B extends FaultTolerantBinding<B>>(faults: UpstreamFaults, options: ExchangeOptions<B, unknown>, next: B | undefined, nothingToRelay: boolean): boolean {
  for (let b = next; b; b = b.fallback) {
    if (!options.canServe(b)) continue;
    if (nothingToRelay) return true;
    const policy = policyOf(b);
    if (faults.breakers.get(policy.upstream, policy.breaker).state !== 'open') return true;
  }
  return false;
}

/** Whether an attempt's result is worth another try, and what the breaker learns from it. */
function judge(result: AttemptResult<unknown>, policy: UpstreamPolicy, permit: BreakerPermit, deadlineHit: boolean): { retryable: boolean; code: ErrorCode | null } {
  if (result.kind === 'error') {
    const code = deadlineHit ? 'upstream_timeout' : result.error instanceof GatewayError ? result.error.code : null;
    if (result.status >= 200 && result.status < 300) {
      // The answer began (and may be billed): the upstream works; reading it failed.
      permit.success();
      return { retryable: false, code };
    }
    const transport = code !== null && RETRYABLE_ERRORS.has(code);
    if (transport) permit.failure();
    else permit.release();
    return { retryable: transport && !deadlineHit, code };
  }
  if (result.status >= 500) permit.failure();
  else if (result.status === 429) permit.release();
  else permit.success();
  return { retryable: policy.retry.statuses.includes(result.status), code: null };
}

/** The wait before the next attempt on this upstream, or undefined when there is none. */
function nextWait(timing: UpstreamTiming, policy: UpstreamPolicy, attempt: number, result: AttemptResult<unknown>, started: number): number | undefined {
  const { retry } = policy;
  if (attempt >= retry.maxAttempts) return undefined;
  let wait = backoffMs(attempt, retry.baseDelayMs, retry.maxDelayMs, () => timing.random());
  if (result.kind === 'answer') {
    const asked = retryAfterMs(result.headers, timing.now());
    if (asked !== undefined) {
      // A longer wait than the cap goes back to the client (or the fallback) instead.
      if (asked > retry.maxRetryAfterMs) return undefined;
      wait = Math.max(wait, asked);
    }
  }
  if (timing.now() - started + wait > retry.budgetMs) return undefined;
  return wait;
}

/** The total deadline of one request: a StopSignal whose reason is `upstream_timeout`. */
function startDeadline(faults: UpstreamFaults, policy: UpstreamPolicy): { readonly signal: StopSignal; readonly totalMs: number; readonly stop: () => void } {
  const signal = new StopSignal();
  const totalMs = policy.totalMs ?? faults.totalTimeoutMs;
  const timer = setTimeout(() => {
    signal.stop(deadlineError());
  }, totalMs);
  timer.unref();
  return {
    signal,
    totalMs,
    stop: () => {
      clearTimeout(timer);
    },
  };
}

/**
 * A streamed request: resolves with the upstream response to relay (its body is still to be
 * read, under the same deadline) and the exchange's bookkeeping.
 */
export async function sendStreamed<B extends FaultTolerantBinding<B>, T>(
  faults: UpstreamFaults,
  options: ExchangeOptions<B, PreparedStream<T>>,
  clientSignal: AbortSignal,
): Promise<{ response: UpstreamResponse; exchange: Exchange<B, T>; extra: T }> {
  const deadline = startDeadline(faults, policyOf(options.binding));
  const state = { attempts: [] as AttemptRecord[], binding: options.binding, extra: undefined as T | undefined };
  const exchange = exchangeView(state, deadline.stop);
  const run: Runner<PreparedStream<T>, UpstreamResponse> = async (prepared, policy, stop) => {
    try {
      // undici takes an AbortSignal; it also ends the stream's body when the deadline passes.
      const response = await prepared.send(stop.toAbortSignal(), policy.timeouts);
      return { kind: 'answer', status: response.statusCode, headers: response.headers, value: response, discard: () => { discardBody(response.body); } };
    } catch (err) {
      return { kind: 'error', error: err as Error, status: 0 };
    }
  };
  try {
    const response = await runExchange(faults, options, run, StopSignal.fromAbortSignal(clientSignal), deadline.signal, deadline.totalMs, state);
    // An answer came, so an attempt was made and its binding's extra is set.
    return { response, exchange, extra: state.extra as T };
  } catch (err) {
    throw attachExchange(err, exchange);
  }
}

/** A buffered call with retries: the same shape as the client's, plus the exchange. */
export interface FaultTolerantCall<B, T> extends BufferedCall {
  readonly exchange: Exchange<B, T>;
}

export function sendBuffered<B extends FaultTolerantBinding<B>, T>(
  faults: UpstreamFaults,
  options: ExchangeOptions<B, PreparedBuffered<T>>,
): FaultTolerantCall<B, T> {
  const deadline = startDeadline(faults, policyOf(options.binding));
  const client = new StopSignal();
  const state = { attempts: [] as AttemptRecord[], binding: options.binding, extra: undefined as T | undefined };
  const exchange = exchangeView(state, deadline.stop);
  let current: BufferedCall | undefined;
  const run: Runner<PreparedBuffered<T>, BufferedUpstreamResponse> = async (prepared, policy, stop) => {
    const call = prepared.call(policy.timeouts);
    current = call;
    const unsubscribe = stop.onStop(() => {
      call.abort();
    });
    try {
      const response = await call.response;
      return { kind: 'answer', status: response.statusCode, headers: response.headers, value: response, discard: () => undefined };
    } catch (err) {
      return { kind: 'error', error: err as Error, status: call.statusCode };
    } finally {
      unsubscribe();
    }
  };
  // The whole answer is read when this settles: the deadline's timer ends with it.
  const response = runExchange(faults, options, run, client, deadline.signal, deadline.totalMs, state).then(
    (answer) => {
      deadline.stop();
      return answer;
    },
    (err: unknown) => {
      throw attachExchange(err, exchange);
    },
  );
  return {
    response,
    exchange,
    get aborted() {
      return client.stopped;
    },
    get statusCode() {
      return current?.statusCode ?? 0;
    },
    abort() {
      client.stop(new AbortedByClient());
    },
  };
}

function exchangeView<B, T>(state: { attempts: AttemptRecord[]; binding: B; extra: T | undefined }, stop: () => void): Exchange<B, T> {
  return {
    get attempts() {
      return state.attempts;
    },
    get binding() {
      return state.binding;
    },
    get extra() {
      return state.extra;
    },
    dispose: stop,
  };
}

/** Errors carry the exchange so the proxy can audit the attempts of a request that failed. */
const EXCHANGE = Symbol('exchange');

function attachExchange(err: unknown, exchange: Exchange<unknown, unknown>): unknown {
  exchange.dispose();
  if (err instanceof Error) Object.defineProperty(err, EXCHANGE, { value: exchange, enumerable: false });
  return err;
}

export function exchangeOf(err: unknown): Exchange<unknown, unknown> | undefined {
  return err instanceof Error ? (err as Error & { [EXCHANGE]?: Exchange<unknown, unknown> })[EXCHANGE] : undefined;
}
