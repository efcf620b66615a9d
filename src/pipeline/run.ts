import { performance } from 'node:perf_hooks';
import type { Decision, RequestContext, RequestStage, SettleOutcome, StageRecord } from './types.js';

export type Denial = Extract<Decision, { type: 'deny' }>;

export interface StageRunResult {
  readonly records: StageRecord[];
  readonly denial: Denial | undefined;
}

/**
 * Runs the request stages in order and records each one's decision and time. The first denial
 * stops the run; the stages after it are recorded as skipped, never as passed.
 */
export async function runRequestStages(stages: readonly RequestStage[], ctx: RequestContext): Promise<StageRunResult> {
  const records: StageRecord[] = [];
  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i]!;
    const started = performance.now();
    const pending = stage.run(ctx);
    // Most stages are synchronous; awaiting only real promises keeps the hot path short.
    const decision = pending instanceof Promise ? await pending : pending;
    const ms = performance.now() - started;
    if (decision.type === 'deny') {
      records.push({ stage: stage.name, decision: 'deny', code: decision.code, ms });
      for (const rest of stages.slice(i + 1)) records.push({ stage: rest.name, decision: 'skipped', ms: 0 });
      return { records, denial: decision };
    }
    records.push({ stage: stage.name, decision: decision.type === 'skip' ? 'skipped' : decision.type, ms });
  }
  return { records, denial: undefined };
}

/**
 * Settles the stages that let the request through, in reverse order (like unwinding). A settle
 * that fails is reported, never thrown: the client already has its answer.
 */
export async function settleStages(
  stages: readonly RequestStage[],
  records: readonly StageRecord[],
  ctx: RequestContext,
  outcome: SettleOutcome,
  onError: (stage: string, err: unknown) => void,
): Promise<void> {
  const ran = new Set(records.filter((r) => r.decision === 'allow' || r.decision === 'transform').map((r) => r.stage));
  for (const stage of [...stages].reverse()) {
    if (!stage.settle || !ran.has(stage.name)) continue;
    try {
      await stage.settle(ctx, outcome);
    } catch (err) {
      onError(stage.name, err);
    }
  }
}
