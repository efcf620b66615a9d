import { describe, expect, it } from 'vitest';
import { breakerPolicy } from '../config/upstream-policy.js';
import { CircuitBreaker, createBreakerRegistry, type BreakerDecision, type BreakerPermit } from './breaker.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => { t += ms; } };
}

function permit(decision: BreakerDecision): BreakerPermit {
  if (!decision.allowed) throw new Error('expected the breaker to allow');
  return decision.permit;
}

describe('circuit breaker', () => {
  const config = breakerPolicy.parse({ consecutiveFailures: 3, cooldownMs: 10_000, minRequests: 10, failureRatio: 0.5, windowMs: 60_000 });

  it('opens after N consecutive failures and refuses at once with the time left', () => {
    const c = clock();
    const b = new CircuitBreaker('openai https://x', config, c.now);
    permit(b.acquire()).failure();
    permit(b.acquire()).failure();
    permit(b.acquire()).success(); // resets the run
    for (let i = 0; i < 3; i++) permit(b.acquire()).failure();
    expect(b.state).toBe('open');
    c.advance(4_000);
    const refused = b.acquire();
    expect(refused).toEqual({ allowed: false, retryInMs: 6_000 });
  });

  it('half-opens after the cool-down, lets one probe through, and closes on its success', () => {
    const c = clock();
    const changes: string[] = [];
    const b = new CircuitBreaker('u', config, c.now, (_u, from, to) => changes.push(`${from}>${to}`));
    for (let i = 0; i < 3; i++) permit(b.acquire()).failure();
    c.advance(10_000);
    expect(b.state).toBe('half-open');
    const probe = permit(b.acquire());
    expect(b.acquire().allowed).toBe(false); // only one probe at a time
    probe.success();
    expect(b.state).toBe('closed');
    expect(b.acquire().allowed).toBe(true);
    expect(changes).toEqual(['closed>open', 'open>half-open', 'half-open>closed']);
  });

  it('a failed probe opens it again for another cool-down', () => {
    const c = clock();
    const b = new CircuitBreaker('u', config, c.now);
    for (let i = 0; i < 3; i++) permit(b.acquire()).failure();
    c.advance(10_000);
    permit(b.acquire()).failure();
    expect(b.state).toBe('open');
    expect(b.snapshot()).toMatchObject({ state: 'open', opens: 2, retryInMs: 10_000 });
  });

  it('a released probe (client gone, 429) frees the slot without deciding', () => {
    const c = clock();
    const b = new CircuitBreaker('u', config, c.now);
    for (let i = 0; i < 3; i++) permit(b.acquire()).failure();
    c.advance(10_000);
    permit(b.acquire()).release();
    expect(b.state).toBe('half-open');
    permit(b.acquire()).success();
    expect(b.state).toBe('closed');
  });

  it('opens on the failure ratio in the window once enough requests were seen', () => {
    const c = clock();
    const b = new CircuitBreaker('u', config, c.now);
    // Alternating outcomes never make 3 in a row, but half of 10 failed.
    for (let i = 0; i < 9; i++) permit(b.acquire())[i % 2 === 0 ? 'failure' : 'success']();
    expect(b.state).toBe('closed');
    permit(b.acquire()).failure();
    expect(b.state).toBe('open');
  });

  it('forgets outcomes older than the window', () => {
    const c = clock();
    const b = new CircuitBreaker('u', config, c.now);
    for (let i = 0; i < 8; i++) permit(b.acquire())[i % 2 === 0 ? 'failure' : 'success']();
    c.advance(61_000);
    expect(b.snapshot()).toMatchObject({ windowRequests: 0, windowFailures: 0 });
    for (let i = 0; i < 4; i++) permit(b.acquire())[i % 2 === 0 ? 'failure' : 'success']();
    expect(b.state).toBe('closed');
  });

  it('ignores outcomes of requests that began before the last state change', () => {
    const c = clock();
    const b = new CircuitBreaker('u', config, c.now);
    const late = permit(b.acquire());
    for (let i = 0; i < 3; i++) permit(b.acquire()).failure();
    c.advance(10_000);
    permit(b.acquire()).success(); // probe closes it
    late.failure();
    late.failure();
    expect(b.snapshot()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('a disabled breaker never refuses', () => {
    const b = new CircuitBreaker('u', breakerPolicy.parse({ enabled: false, consecutiveFailures: 1 }), Date.now);
    for (let i = 0; i < 5; i++) permit(b.acquire()).failure();
    expect(b.acquire().allowed).toBe(true);
  });

  it('the registry applies a reloaded config to the existing breaker, keeping its state', () => {
    const c = clock();
    const registry = createBreakerRegistry(c.now);
    for (let i = 0; i < 3; i++) permit(registry.get('u', config).acquire()).failure();
    const reloaded = breakerPolicy.parse({ consecutiveFailures: 3, cooldownMs: 1_000 });
    expect(registry.get('u', reloaded).acquire()).toEqual({ allowed: false, retryInMs: 1_000 });
    c.advance(1_000);
    expect(registry.get('u', reloaded).state).toBe('half-open');
  });

  it('the registry keeps one breaker per upstream and snapshots them all', () => {
    const registry = createBreakerRegistry(clock().now);
    const a = registry.get('openai https://a', config);
    expect(registry.get('openai https://a', config)).toBe(a);
    registry.get('anthropic https://b', config);
    expect(registry.snapshot().map((s) => [s.upstream, s.state])).toEqual([
      ['openai https://a', 'closed'],
      ['anthropic https://b', 'closed'],
    ]);
  });
});
