import { performance } from 'node:perf_hooks';
import { roundMs } from '../util/round-ms.js';
import type { Decision, RequestContext, RequestStage, SettleOutcome, StageRecord } from './types.js';

/**
 * What a stage's `settle` returns when it finished synchronously (the contract's settle returns a
 * promise): the runner does not wait on it, saving a microtask hop per stage per request.
 */
export const SETTLED: Promise<void> = Promise.resolve();

export type Denial = Extract<Decision, { type: 'deny' }>;

export interface StageRunResult {
  readonly records: StageRecord[];
  readonly denial: Denial | undefined;
  /** What a stage threw, when one did (the denial is then `internal_error`). */
  readonly failure?: unknown;
}

/**
 * Runs the request stages in order and records each one's decision and time. The first denial
 * stops the run; the stages after it are recorded as skipped, never as passed.
 *
 * Stages that answer synchronously are run without a promise: the result is a promise only once
 * a stage returned one (a network store), so a request whose stages are all synchronous pays no
 * microtask hops. Callers `await` the result either way.
 */
export function runRequestStages(stages: readonly RequestStage[], ctx: RequestContext): StageRunResult | Promise<StageRunResult> {
  return runFrom(stages, ctx, 0, []);
}

function runFrom(stages: readonly RequestStage[], ctx: RequestContext, from: number, records: StageRecord[]): StageRunResult | Promise<StageRunResult> {
  for (let i = from; i < stages.length; i++) {
    const stage = stages[i]!;
    const started = performance.now();
    let pending: Decision | Promise<Decision>;
    try {
      pending = stage.run(ctx);
    } catch (err) {
      return recorded(stages, i, records, started, undefined, err)!;
    }
    if (pending instanceof Promise) return continueAfter(stages, ctx, i, records, started, pending);
    const done = recorded(stages, i, records, started, pending, undefined);
    if (done) return done;
  }
  return { records, denial: undefined };
}

async function continueAfter(
  stages: readonly RequestStage[],
  ctx: RequestContext,
  i: number,
  records: StageRecord[],
  started: number,
  pending: Promise<Decision>,
): Promise<StageRunResult> {
  let decision: Decision;
  try {
    decision = await pending;
  } catch (err) {
    return recorded(stages, i, records, started, undefined, err)!;
  }
  return recorded(stages, i, records, started, decision, undefined) ?? runFrom(stages, ctx, i + 1, records);
}

/**
 * Records stage `i`'s decision; returns the run's result when it ends the run (a denial), else
 * undefined. A stage that throws denies the request like any other, so the records (and the
 * settling of what earlier stages reserved) are not lost.
 */
function recorded(
  stages: readonly RequestStage[],
  i: number,
  records: StageRecord[],
  started: number,
  outcome: Decision | undefined,
  failure: unknown,
): StageRunResult | undefined {
  const stage = stages[i]!;
  const decision: Decision = outcome ?? { type: 'deny', code: 'internal_error', message: 'The gateway failed to handle the request.' };
  const ms = roundMs(performance.now() - started);
  if (decision.type === 'deny') {
    records.push({ stage: stage.name, decision: 'deny', code: decision.code, ms });
    for (let j = i + 1; j < stages.length; j++) records.push({ stage: stages[j]!.name, decision: 'skipped', ms: 0 });
    return outcome === undefined ? { records, denial: decision, failure } : { records, denial: decision };
  }
  records.push({ stage: stage.name, decision: decision.type === 'skip' ? 'skipped' : decision.type, ms });
  return undefined;
}

/**
 * Settles every stage, in reverse order (like unwinding). Each stage settles only what it booked
 * for this request — nothing when it denied, was skipped or never ran — so a reservation is never
 * left behind, whatever happened after it. A settle that fails is reported, never thrown: the
 * client already has its answer.
 */
export function settleStages(
  stages: readonly RequestStage[],
  ctx: RequestContext,
  outcome: SettleOutcome,
  onError: (stage: string, err: unknown) => void,
): void | Promise<void> {
  return settleFrom(stages, ctx, outcome, onError, stages.length - 1);
}

function settleFrom(
  stages: readonly RequestStage[],
  ctx: RequestContext,
  outcome: SettleOutcome,
  onError: (stage: string, err: unknown) => void,
  from: number,
): void | Promise<void> {
  for (let i = from; i >= 0; i--) {
    const stage = stages[i]!;
    if (!stage.settle) continue;
    let pending: Promise<void>;
    try {
      pending = stage.settle(ctx, outcome);
    } catch (err) {
      onError(stage.name, err);
      continue;
    }
    if (pending === SETTLED) continue;
    return pending.then(
      () => settleFrom(stages, ctx, outcome, onError, i - 1),
      (err: unknown) => {
        onError(stage.name, err);
        return settleFrom(stages, ctx, outcome, onError, i - 1);
      },
    );
  }
}
