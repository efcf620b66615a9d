import { describe, expect, it } from 'vitest';
import { makeContext } from '../../test/helpers/context.js';
import { runRequestStages, settleStages } from './run.js';
import { ALLOW, type Decision, type RequestStage } from './types.js';

function stage(name: string, decide: () => Decision | Promise<Decision>, calls?: string[]): RequestStage {
  return {
    name,
    run() {
      calls?.push(name);
      return decide();
    },
  };
}

const deny: Decision = { type: 'deny', code: 'model_not_allowed', message: 'no' };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('runRequestStages', () => {
  it('runs every stage in order and records each decision with a time', async () => {
    const calls: string[] = [];
    const { records, denial } = await runRequestStages(
      [
        stage('auth', () => ALLOW, calls),
        stage('identity', () => ({ type: 'transform', note: 'pseudonymized' }), calls),
        stage('access', () => Promise.resolve(ALLOW), calls),
      ],
      makeContext(),
    );
    expect(denial).toBeUndefined();
    expect(calls).toEqual(['auth', 'identity', 'access']);
    expect(records.map((r) => [r.stage, r.decision])).toEqual([
      ['auth', 'allow'],
      ['identity', 'transform'],
      ['access', 'allow'],
    ]);
    for (const r of records) {
      expect(typeof r.ms).toBe('number');
      expect(r.ms).toBeGreaterThanOrEqual(0);
      expect(r.code).toBeUndefined();
    }
  });

  it('stops at the first denial and records the later stages as skipped', async () => {
    const calls: string[] = [];
    const { records, denial } = await runRequestStages(
      [stage('a', () => ALLOW, calls), stage('b', () => deny, calls), stage('c', () => ALLOW, calls), stage('d', () => deny, calls)],
      makeContext(),
    );
    expect(calls).toEqual(['a', 'b']);
    expect(denial).toBe(deny);
    expect(records).toEqual([
      { stage: 'a', decision: 'allow', ms: expect.any(Number) },
      { stage: 'b', decision: 'deny', code: 'model_not_allowed', ms: expect.any(Number) },
      { stage: 'c', decision: 'skipped', ms: 0 },
      { stage: 'd', decision: 'skipped', ms: 0 },
    ]);
  });

  it('records a skip decision as skipped, never as passed, and goes on', async () => {
    const calls: string[] = [];
    const { records, denial } = await runRequestStages(
      [stage('identity', () => ({ type: 'skip', reason: 'no end-user id' }), calls), stage('access', () => ALLOW, calls)],
      makeContext(),
    );
    expect(denial).toBeUndefined();
    expect(calls).toEqual(['identity', 'access']);
    expect(records.map((r) => r.decision)).toEqual(['skipped', 'allow']);
  });

  it('awaits async stages before starting the next one', async () => {
    const events: string[] = [];
    const slow: RequestStage = {
      name: 'slow',
      async run() {
        events.push('slow:start');
        await sleep(30);
        events.push('slow:end');
        return ALLOW;
      },
    };
    const fast: RequestStage = {
      name: 'fast',
      run() {
        events.push('fast');
        return ALLOW;
      },
    };
    const { records } = await runRequestStages([slow, fast], makeContext());
    expect(events).toEqual(['slow:start', 'slow:end', 'fast']);
    expect(records[0]!.ms).toBeGreaterThanOrEqual(20);
  });

  it('stops at an async denial', async () => {
    const { records, denial } = await runRequestStages(
      [stage('auth', async () => {
        await sleep(1);
        return { type: 'deny', code: 'invalid_api_key', message: 'bad key', headers: { 'www-authenticate': 'Bearer' } };
      }), stage('access', () => ALLOW)],
      makeContext(),
    );
    expect(denial).toEqual({ type: 'deny', code: 'invalid_api_key', message: 'bad key', headers: { 'www-authenticate': 'Bearer' } });
    expect(records.map((r) => r.decision)).toEqual(['deny', 'skipped']);
  });

  it('lets stages see each other’s changes to the context', async () => {
    const ctx = makeContext();
    await runRequestStages(
      [
        stage('set', () => {
          ctx.model = 'gpt-4o';
          return ALLOW;
        }),
        stage('read', () => (ctx.model === 'gpt-4o' ? ALLOW : deny)),
      ],
      ctx,
    );
    expect(ctx.model).toBe('gpt-4o');
  });

  it('records nothing for an empty stage list', async () => {
    expect(await runRequestStages([], makeContext())).toEqual({ records: [], denial: undefined });
  });

  it('turns a stage that throws, synchronously or not, into an internal_error denial', async () => {
    for (const boom of [
      stage('boom', () => {
        throw new Error('stage failed');
      }),
      stage('boom', () => Promise.reject(new Error('async failed'))),
    ]) {
      const result = await runRequestStages([boom], makeContext());
      expect(result.denial).toMatchObject({ code: 'internal_error' });
      expect(result.failure).toBeInstanceOf(Error);
    }
  });
});

describe('a stage that throws (regression: its reservations were never released)', () => {
  it('denies with internal_error, keeps the records, and settling still reaches earlier stages', async () => {
    const settled: string[] = [];
    const reserving: RequestStage = {
      name: 'reserving',
      run: () => ({ type: 'allow' }),
      settle: () => {
        settled.push('reserving');
        return Promise.resolve();
      },
    };
    const throwing: RequestStage = {
      name: 'throwing',
      run: () => {
        throw new Error('boom');
      },
    };
    const later: RequestStage = { name: 'later', run: () => ({ type: 'allow' }) };
    const ctx = makeContext();
    const result = await runRequestStages([reserving, throwing, later], ctx);
    expect(result.denial).toMatchObject({ type: 'deny', code: 'internal_error' });
    expect((result.failure as Error).message).toBe('boom');
    expect(result.records.map((r) => [r.stage, r.decision])).toEqual([
      ['reserving', 'allow'],
      ['throwing', 'deny'],
      ['later', 'skipped'],
    ]);
    await settleStages([reserving, throwing, later], ctx, { forwarded: false, usage: null }, () => undefined);
    expect(settled).toEqual(['reserving']);
  });
});
