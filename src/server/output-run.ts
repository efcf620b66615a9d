import { performance } from 'node:perf_hooks';
import type { GuardFinding, OutputDecision, OutputInspector, OutputStage, RequestContext, StageRecord, TextDelta, TextScanner } from '../pipeline/types.js';
import { OutputBuffer, type Blocked } from './output-buffer.js';
import { roundMs } from '../util/round-ms.js';

type Cut = Extract<OutputDecision, { type: 'cut' }>;

interface Entry {
  readonly name: string;
  readonly inspector: OutputInspector;
  ms: number;
  cut: Cut | undefined;
}

/** What a blocking scanner's cut tells the client, by the kind of thing it found. */
const BLOCK_MESSAGES: Readonly<Record<string, string>> = {
  leak: 'The response was stopped: it revealed the confidential system prompt.',
  secret: 'The response was stopped: it contained a credential.',
  pii: 'The response was stopped: it contained personal data.',
  link: 'The response was stopped: it contained a link that could leak data.',
  html: 'The response was stopped: it contained unsafe HTML.',
};

/**
 * The output stages of one response: each stage's inspector sees every text delta, in stage
 * order. Records the time each spent and whether it passed, cut, rewrote (transform) or did not
 * apply (skipped). Stages with a text scanner share one hold-back buffer (output-buffer.ts).
 */
export class OutputRun {
  readonly #inspectors: Entry[] = [];
  readonly #skipped: string[] = [];
  readonly #order: string[] = [];
  readonly #scanners: TextScanner[] = [];
  readonly #maxHoldBackChars: number;
  #buffer: OutputBuffer<unknown> | undefined;
  #blocked: Blocked | undefined;

  constructor(stages: readonly OutputStage[], ctx: RequestContext, maxHoldBackChars = 1_024) {
    this.#maxHoldBackChars = maxHoldBackChars;
    for (const stage of stages) {
      this.#order.push(stage.name);
      const inspector = stage.open(ctx);
      if (inspector) {
        this.#inspectors.push({ name: stage.name, inspector, ms: 0, cut: undefined });
        if (inspector.scanner) this.#scanners.push(inspector.scanner);
      } else this.#skipped.push(stage.name);
    }
  }

  get active(): boolean {
    return this.#inspectors.length > 0;
  }

  /** The hold-back buffer for this response's scanners, or undefined when no stage scans. */
  buffer<T>(): OutputBuffer<T> | undefined {
    if (this.#scanners.length === 0) return undefined;
    this.#buffer ??= new OutputBuffer<unknown>(this.#scanners, this.#maxHoldBackChars);
    return this.#buffer as OutputBuffer<T>;
  }

  /** A scanner blocked: the cut to answer with, recorded against its stage. */
  blocked(blocked: Blocked): Cut {
    this.#blocked = blocked;
    const cut: Cut = { type: 'cut', code: blocked.scanner.blockCode, message: BLOCK_MESSAGES[blocked.scanner.kind] ?? 'The response was stopped by an output check.' };
    const entry = this.#inspectors.find((e) => e.name === blocked.scanner.stage);
    if (entry) entry.cut = cut;
    return cut;
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
    const rewrote = new Set(this.#buffer?.redactions.filter((r) => r.action === 'redact').map((r) => r.scanner.stage));
    const out: StageRecord[] = this.#inspectors.map(({ name, ms, cut }) =>
      cut
        ? { stage: name, decision: 'cut', code: cut.code, ms: roundMs(ms) }
        : { stage: name, decision: rewrote.has(name) ? 'transform' : completed ? 'pass' : 'skipped', ms: roundMs(ms) },
    );
    for (const name of this.#skipped) out.push({ stage: name, decision: 'skipped', ms: 0 });
    // In pipeline order, as the request stages are recorded.
    return out.sort((a, b) => this.#order.indexOf(a.stage) - this.#order.indexOf(b.stage));
  }

  /** What the scanners found (rules only, never text), for the audit event. */
  findings(): GuardFinding[] {
    const grouped = new Map<string, { scanner: TextScanner; action: 'redact' | 'log' | 'block'; rules: Set<string> }>();
    const add = (scanner: TextScanner, action: 'redact' | 'log' | 'block', rule: string): void => {
      const key = `${scanner.stage}\u0000${action}`;
      const group = grouped.get(key) ?? { scanner, action, rules: new Set<string>() };
      group.rules.add(rule);
      grouped.set(key, group);
    };
    for (const r of this.#buffer?.redactions ?? []) add(r.scanner, r.action, r.rule);
    if (this.#blocked) add(this.#blocked.scanner, 'block', this.#blocked.rule);
    return [...grouped.values()].map(({ scanner, action, rules }) => ({ stage: scanner.stage, kind: scanner.kind, rules: [...rules].slice(0, 8), action }));
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
