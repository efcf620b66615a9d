/**
 * Guard triggers counted per pseudonymized end user (or per key when the request names no user),
 * in a sliding window: the input the monitors use to notice one user hitting the filters again
 * and again. In-process and bounded; the audit events hold the durable record (`findings`).
 */
export interface TriggerCounter {
  record(subject: string, kind: string, at?: number): void;
  /** Triggers of this subject (of one kind, or all) within the window ending now. */
  count(subject: string, kind?: string, now?: number): number;
  /** The subjects with the most triggers in the window, most first. */
  top(limit: number, now?: number): { subject: string; count: number }[];
}

export interface TriggerCounterOptions {
  readonly windowMs: number;
  /** Subjects kept at once; the least recently triggered is forgotten first. */
  readonly maxSubjects: number;
  /** Timestamps kept per subject and kind; older ones are dropped first. */
  readonly maxPerSubject: number;
}

export const DEFAULT_TRIGGER_WINDOW: TriggerCounterOptions = Object.freeze({ windowMs: 3_600_000, maxSubjects: 10_000, maxPerSubject: 1_000 });

export function createTriggerCounter(options: TriggerCounterOptions = DEFAULT_TRIGGER_WINDOW): TriggerCounter {
  // Map order is insertion order: re-inserting on every trigger keeps the oldest subject first.
  const subjects = new Map<string, Map<string, number[]>>();

  const prune = (times: number[], now: number): number[] => {
    const from = now - options.windowMs;
    let drop = 0;
    while (drop < times.length && times[drop]! <= from) drop++;
    return drop === 0 ? times : times.slice(drop);
  };

  const countIn = (kinds: Map<string, number[]>, kind: string | undefined, now: number): number => {
    let total = 0;
    for (const [name, times] of kinds) {
      if (kind !== undefined && name !== kind) continue;
      total += prune(times, now).length;
    }
    return total;
  };

  return {
    record(subject, kind, at = Date.now()) {
      const kinds = subjects.get(subject) ?? new Map<string, number[]>();
      subjects.delete(subject);
      subjects.set(subject, kinds);
      const times = prune(kinds.get(kind) ?? [], at);
      times.push(at);
      if (times.length > options.maxPerSubject) times.splice(0, times.length - options.maxPerSubject);
      kinds.set(kind, times);
      if (subjects.size > options.maxSubjects) {
        const oldest = subjects.keys().next().value;
        if (oldest !== undefined) subjects.delete(oldest);
      }
    },
    count(subject, kind, now = Date.now()) {
      const kinds = subjects.get(subject);
      return kinds ? countIn(kinds, kind, now) : 0;
    },
    top(limit, now = Date.now()) {
      const all: { subject: string; count: number }[] = [];
      for (const [subject, kinds] of subjects) {
        const count = countIn(kinds, undefined, now);
        if (count > 0) all.push({ subject, count });
      }
      return all.sort((a, b) => b.count - a.count || a.subject.localeCompare(b.subject)).slice(0, limit);
    },
  };
}
