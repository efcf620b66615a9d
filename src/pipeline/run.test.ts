import { describe, expect, it } from 'vitest';
import { makeContext } from '../../test/helpers/context.js';
import { runRequestStages } from './run.js';
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

  it('propagates a stage that throws', async () => {
    await expect(
      runRequestStages(
        [
          stage('boom', () => {
            throw new Error('stage failed');
          }),
        ],
        makeContext(),
      ),
    ).rejects.toThrow('stage failed');
    await expect(runRequestStages([stage('boom', () => Promise.reject(new Error('async failed')))], makeContext())).rejects.toThrow(
      'async failed',
    );
  });
});
