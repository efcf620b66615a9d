import { performance } from 'node:perf_hooks';
import type { OutputDecision, OutputInspector, OutputStage, RequestContext, StageRecord, TextDelta } from '../pipeline/types.js';

type Cut = Extract<OutputDecision, { type: 'cut' }>;

interface Entry {
  readonly name: string;
  readonly inspector: OutputInspector;
  ms: number;
  cut: Cut | undefined;
}

/**
 * The output stages of one response: each stage's inspector sees every text delta, in stage
 * order. Records the time each spent and whether it passed, cut, or did not apply (skipped).
 */
export class OutputRun {
  readonly #inspectors: Entry[] = [];
  readonly #skipped: string[] = [];

  constructor(stages: readonly OutputStage[], ctx: RequestContext) {
    for (const stage of stages) {
      const inspector = stage.open(ctx);
      if (inspector) this.#inspectors.push({ name: stage.name, inspector, ms: 0, cut: undefined });
      else this.#skipped.push(stage.name);
    }
  }

  get active(): boolean {
    return this.#inspectors.length > 0;
  }

  /** The first cut any stage asks for, or undefined when all pass. */
  text(deltas: readonly TextDelta[]): Cut | undefined {
    for (const delta of deltas) {
      for (const entry of this.#inspectors) {
        const cut = this.#decide(entry, () => entry.inspector.onText(delta));
        if (cut) return cut;
      }
    }
    return undefined;
  }

  end(): Cut | undefined {
    for (const entry of this.#inspectors) {
      const cut = this.#decide(entry, () => entry.inspector.onEnd());
      if (cut) return cut;
    }
    return undefined;
  }

  /**
   * Records for the audit event. A stage that never got to decide because the response ended
   * early (client abort, upstream failure) is recorded as skipped, never as passed.
   */
  records(completed: boolean): StageRecord[] {
    const out: StageRecord[] = this.#inspectors.map(({ name, ms, cut }) =>
      cut
        ? { stage: name, decision: 'cut', code: cut.code, ms }
        : { stage: name, decision: completed ? 'pass' : 'skipped', ms },
    );
    for (const name of this.#skipped) out.push({ stage: name, decision: 'skipped', ms: 0 });
    return out;
  }

  #decide(entry: Entry, run: () => OutputDecision): Cut | undefined {
    const started = performance.now();
    const decision = run();
    entry.ms += performance.now() - started;
    if (decision.type === 'cut') {
      entry.cut = decision;
      return decision;
    }
    return undefined;
  }
}
