import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker.js';

describe('circuit breaker', () => {
  function setup() {
    let now = 0;
    const calls: string[] = [];
    const breaker = createCircuitBreaker(
      { failureThreshold: 3, cooldownMs: 1_000 },
      ({ failures, retryInMs }) => new Error(`open: ${failures} failures, retry in ${retryInMs} ms`),
      () => now,
    );
    const fail = () =>
      breaker.run(() => {
        calls.push('fail');
        return Promise.reject(new Error('down'));
      });
    const pass = () =>
      breaker.run(() => {
        calls.push('pass');
        return Promise.resolve('ok');
      });
    return { breaker, calls, fail, pass, advance: (ms: number) => (now += ms) };
  }

  it('opens after N consecutive failures and then refuses without calling', async () => {
    const { breaker, calls, fail, pass } = setup();
    await expect(fail()).rejects.toThrow('down');
    await expect(fail()).rejects.toThrow('down');
    expect(breaker.state).toBe('closed');
    await expect(fail()).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    await expect(pass()).rejects.toThrow('open: 3 failures, retry in 1000 ms');
    expect(calls).toEqual(['fail', 'fail', 'fail']);
  });

  it('a success resets the count: only consecutive failures open it', async () => {
    const { breaker, fail, pass } = setup();
    await expect(fail()).rejects.toThrow();
    await expect(fail()).rejects.toThrow();
    await pass();
    await expect(fail()).rejects.toThrow();
    await expect(fail()).rejects.toThrow();
    expect(breaker.state).toBe('closed');
  });

  it('after the cooldown lets ONE probe through; its success closes the circuit', async () => {
    const { breaker, calls, fail, advance } = setup();
    for (let i = 0; i < 3; i++) await expect(fail()).rejects.toThrow();
    advance(1_000);
    let release: (value: string) => void = () => undefined;
    const probe = breaker.run(() => new Promise<string>((resolve) => (release = resolve)));
    expect(breaker.state).toBe('half-open');
    // While the probe is in flight, others are refused at once.
    await expect(breaker.run(() => Promise.resolve('other'))).rejects.toThrow(/open/);
    release('probe');
    await expect(probe).resolves.toBe('probe');
    expect(breaker.state).toBe('closed');
    expect(calls).toEqual(['fail', 'fail', 'fail']);
  });

  it('a failed probe opens the circuit for another cooldown', async () => {
    const { breaker, fail, pass, advance } = setup();
    for (let i = 0; i < 3; i++) await expect(fail()).rejects.toThrow();
    advance(1_000);
    await expect(fail()).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    advance(999);
    await expect(pass()).rejects.toThrow('retry in 1 ms');
    advance(1);
    await expect(pass()).resolves.toBe('ok');
  });

  it('rejects nonsense options', () => {
    expect(() => createCircuitBreaker({ failureThreshold: 0, cooldownMs: 1 }, () => new Error('x'))).toThrow(RangeError);
    expect(() => createCircuitBreaker({ failureThreshold: 1, cooldownMs: -1 }, () => new Error('x'))).toThrow(RangeError);
  });
});
