import { performance } from 'node:perf_hooks';
import type { Decision, RequestContext, RequestStage, SettleOutcome, StageRecord } from './types.js';

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
 */
export async function runRequestStages(stages: readonly RequestStage[], ctx: RequestContext): Promise<StageRunResult> {
  const records: StageRecord[] = [];
  let failure: unknown;
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i]!;
    const started = performance.now();
    let decision: Decision;
    try {
      const pending = stage.run(ctx);
      // Most stages are synchronous; awaiting only real promises keeps the hot path short.
      decision = pending instanceof Promise ? await pending : pending;
    } catch (err) {
      // A stage that throws denies the request like any other, so the records (and the settling
      // of what earlier stages reserved) are not lost.
      decision = { type: 'deny', code: 'internal_error', message: 'The gateway failed to handle the request.' };
      failure = err;
    }
    const ms = performance.now() - started;
    if (decision.type === 'deny') {
      records.push({ stage: stage.name, decision: 'deny', code: decision.code, ms });
      for (const rest of stages.slice(i + 1)) records.push({ stage: rest.name, decision: 'skipped', ms: 0 });
      return { records, denial: decision, failure };
    }
    records.push({ stage: stage.name, decision: decision.type === 'skip' ? 'skipped' : decision.type, ms });
  }
  return { records, denial: undefined };
}

/**
 * Settles every stage, in reverse order (like unwinding). Each stage settles only what it booked
 * for this request — nothing when it denied, was skipped or never ran — so a reservation is never
 * left behind, whatever happened after it. A settle that fails is reported, never thrown: the
 * client already has its answer.
 */
export async function settleStages(
  stages: readonly RequestStage[],
  ctx: RequestContext,
  outcome: SettleOutcome,
  onError: (stage: string, err: unknown) => void,
): Promise<void> {
  for (const stage of [...stages].reverse()) {
    if (!stage.settle) continue;
    try {
      await stage.settle(ctx, outcome);
    } catch (err) {
      onError(stage.name, err);
    }
  }
}
