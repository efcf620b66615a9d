import { describe, expect, it } from 'vitest';
import { StopSignal } from './stop-signal.js';

describe('StopSignal', () => {
  it('runs each listener once, with the first reason, and not after unsubscribing', () => {
    const stop = new StopSignal();
    const heard: string[] = [];
    stop.onStop(() => heard.push('a'));
    const off = stop.onStop(() => heard.push('b'));
    off();
    stop.stop(new Error('first'));
    stop.stop(new Error('second'));
    expect(heard).toEqual(['a']);
    expect(stop.stopped).toBe(true);
    expect((stop.reason as Error).message).toBe('first');
  });

  it('ignores a listener added after it stopped', () => {
    const stop = new StopSignal();
    stop.stop('done');
    let called = false;
    const off = stop.onStop(() => {
      called = true;
    });
    off();
    expect(called).toBe(false);
  });

  it('follows other signals: the first to stop gives the reason', () => {
    const client = new StopSignal();
    const deadline = new StopSignal();
    const either = new StopSignal();
    either.follow(client);
    either.follow(deadline);
    deadline.stop('deadline');
    client.stop('client');
    expect(either.reason).toBe('deadline');
    const late = new StopSignal();
    late.follow(client);
    expect(late.reason).toBe('client');
  });

  it('converts to and from AbortSignal both ways', () => {
    const stop = new StopSignal();
    const signal = stop.toAbortSignal();
    expect(signal.aborted).toBe(false);
    stop.stop(new Error('gone'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('gone');
    expect(stop.toAbortSignal().aborted).toBe(true);

    const controller = new AbortController();
    const from = StopSignal.fromAbortSignal(controller.signal);
    expect(from.stopped).toBe(false);
    controller.abort('client left');
    expect(from.stopped).toBe(true);
    expect(from.reason).toBe('client left');
    expect(StopSignal.fromAbortSignal(AbortSignal.abort('x')).reason).toBe('x');
  });
});
