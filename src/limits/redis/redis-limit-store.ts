import type { Admission, CounterState, LimitStore, ReservedItem } from '../types.js';
import { LimitStoreError } from '../types.js';
import { slidingUse, windowResetMs } from '../window-math.js';
import { ADMIT_SCRIPT } from './admit-script.js';
import { createCircuitBreaker, DEFAULT_BREAKER, type BreakerOptions } from '../circuit-breaker.js';
import { createRedisConnection } from './connection.js';
import { evalScript, luaScript, type LuaScript } from './eval-script.js';
import { checkKeyPrefix } from './keys.js';
import { PEEK_SCRIPT } from './peek-script.js';
import { SETTLE_SCRIPT } from './settle-script.js';
import { admitCall, bucketOf, checkInteger, checkSpec, peekCall, settleCall, type ScriptCall } from './spec-args.js';

export interface RedisLimitStoreOptions {
  /** `redis://[user:password@]host[:port][/db]` or `rediss://` for TLS. */
  readonly url: string;
  /** Prepended to every key (before the `{portcullis}` hash tag); must not contain `{` or `}`. */
  readonly keyPrefix?: string;
  /** Bound on each Redis command, and on waiting for a reconnect. Default 250 ms. */
  readonly commandTimeoutMs?: number;
  /** Bound on establishing the first connection. Default 1000 ms. */
  readonly connectTimeoutMs?: number;
  /** Default: open after 5 consecutive failures, probe again after 5000 ms. */
  readonly breaker?: BreakerOptions;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 250;
export const DEFAULT_CONNECT_TIMEOUT_MS = 1_000;

const admitLua = luaScript(ADMIT_SCRIPT);
const settleLua = luaScript(SETTLE_SCRIPT);
const peekLua = luaScript(PEEK_SCRIPT);

/**
 * Counters in Redis, shared by every gateway instance: each admission is one atomic Lua script
 * (check every counter, reserve on all or none), so instances cannot overshoot a limit together.
 * The arithmetic is the memory store's (window-math.ts); the shared suite holds them to it.
 *
 * Failures: every Redis failure (unreachable, timed out, closed, a server error) rejects with
 * LimitStoreError within about `commandTimeoutMs` (`connectTimeoutMs` for the very first
 * connection) and never carries the URL's password. After `breaker.failureThreshold` consecutive
 * failures the circuit opens and calls reject at once, without touching Redis, until
 * `breaker.cooldownMs` has passed and one probe succeeds. Whether a request is then refused or
 * let through unlimited is the caller's policy, not the store's. Invalid input (amounts, limits or
 * times that are not safe integers) is a programming error: RangeError, and the breaker is not
 * involved.
 */
export function createRedisLimitStore(options: RedisLimitStoreOptions): LimitStore {
  const prefix = checkKeyPrefix(options.keyPrefix ?? '');
  const commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  checkInteger('commandTimeoutMs', commandTimeoutMs, 1);
  checkInteger('connectTimeoutMs', connectTimeoutMs, 1);
  const connection = createRedisConnection({ url: options.url, commandTimeoutMs, connectTimeoutMs });
  const { target } = connection;
  let lastFailure = '';
  let closed = false;
  const breaker = createCircuitBreaker(
    options.breaker ?? DEFAULT_BREAKER,
    ({ failures, retryInMs }) =>
      new LimitStoreError(
        `Redis limit store (${target}) unavailable: circuit open after ${failures} consecutive failures` +
          `${lastFailure === '' ? '' : ` (last: ${lastFailure})`}; next attempt in ${retryInMs} ms`,
      ),
  );

  /** One script run behind the breaker; any failure becomes a LimitStoreError without secrets. */
  function run(operation: string, script: LuaScript, call: ScriptCall): Promise<unknown> {
    if (closed) return Promise.reject(new LimitStoreError(`Redis limit store (${target}) is closed`));
    return breaker.run(async () => {
      try {
        await connection.ready();
        return await evalScript(connection.client, script, call.keys, call.args);
      } catch (error) {
        const reason = connection.explain(error);
        lastFailure = `${operation}: ${reason}`;
        throw new LimitStoreError(`Redis limit store (${target}) ${operation} failed: ${reason}`);
      }
    });
  }

  function checkNow(nowMs: number): void {
    checkInteger('nowMs', nowMs, 0);
  }

  return {
    kind: 'redis',

    async admit(specs, reservationId, nowMs): Promise<Admission> {
      checkNow(nowMs);
      specs.forEach(checkSpec);
      if (specs.length === 0) return { ok: true, reservation: { id: reservationId, items: [] }, states: [] };
      const reply = integers(await run('admit', admitLua, admitCall(prefix, specs, reservationId, nowMs)), 3 + 2 * specs.length);
      const states = specs.map(
        (spec, i): CounterState => ({ name: spec.name, limit: spec.limit, used: reply[3 + 2 * i]!, resetMs: reply[4 + 2 * i]! }),
      );
      if (reply[0] !== 1) {
        const retry = reply[2]!;
        return { ok: false, rejected: reply[1]!, retryAfterMs: retry < 0 ? Infinity : retry, states };
      }
      const items = specs.map(
        (spec): ReservedItem => ({ name: spec.name, kind: spec.kind, bucket: bucketOf(spec, nowMs), amount: spec.amount, windowMs: spec.windowMs }),
      );
      return { ok: true, reservation: { id: reservationId, items }, states };
    },

    async settle(reservation, actual, nowMs): Promise<void> {
      checkNow(nowMs);
      reservation.items.forEach((item, i) => {
        checkInteger(`reserved amount of "${item.name}"`, item.amount, 0);
        const used = actual[i];
        if (used !== undefined) checkInteger(`actual amount of "${item.name}"`, used, 0);
        if (item.kind === 'window') checkInteger(`windowMs of "${item.name}"`, item.windowMs, 1);
      });
      const call = settleCall(prefix, reservation.id, reservation.items, actual, nowMs);
      if (call.keys.length === 0) return;
      await run('settle', settleLua, call);
    },

    async peek(specs, nowMs): Promise<CounterState[]> {
      checkNow(nowMs);
      specs.forEach(checkSpec);
      if (specs.length === 0) return [];
      const reply = integers(await run('peek', peekLua, peekCall(prefix, specs, nowMs)), 2 * specs.length);
      return specs.map((spec, i): CounterState => {
        const first = reply[2 * i]!;
        const second = reply[2 * i + 1]!;
        switch (spec.kind) {
          case 'window':
            return { name: spec.name, limit: spec.limit, used: slidingUse(second, first, nowMs, spec.windowMs), resetMs: windowResetMs(nowMs, spec.windowMs) };
          case 'period':
            return { name: spec.name, limit: spec.limit, used: first, resetMs: Math.max(0, (spec.periodEndMs ?? nowMs) - nowMs) };
          case 'concurrency': {
            const nextExpiry = second < 0 ? nowMs + spec.windowMs : Math.min(second, nowMs + spec.windowMs);
            return { name: spec.name, limit: spec.limit, used: first, resetMs: Math.max(0, nextExpiry - nowMs) };
          }
        }
      });
    },

    async claimOnce(key, ttlMs, _nowMs): Promise<boolean> {
      checkInteger('ttlMs', ttlMs, 1);
      if (closed) throw new LimitStoreError(`Redis limit store (${target}) is closed`);
      // SET NX PX: the first instance to claim wins; the claim ends with its TTL.
      const reply = await breaker.run(async () => {
        try {
          await connection.ready();
          return await connection.client.set(`${prefix}{portcullis}:claim:${key}`, '1', 'PX', ttlMs, 'NX');
        } catch (error) {
          throw new LimitStoreError(`Redis limit store (${target}) claim failed: ${connection.explain(error)}`);
        }
      });
      return reply === 'OK';
    },

    async close(): Promise<void> {
      closed = true;
      await connection.close();
    },
  };
}

/** The scripts answer flat arrays of integers; anything else means a foreign or broken server. */
function integers(reply: unknown, length: number): number[] {
  if (!Array.isArray(reply) || reply.length !== length || !reply.every((value) => typeof value === 'number' && Number.isInteger(value))) {
    throw new LimitStoreError(`Redis limit store: unexpected script reply (expected ${length} integers)`);
  }
  return reply as number[];
}
