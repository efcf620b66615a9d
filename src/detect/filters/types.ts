/** An application filter profile as configured by an operator. */
export interface FilterSpec {
  readonly name: string;
  /** Words or phrases; matched on normalized text (homoglyphs, leet, spacing, zero-width undone) at word boundaries. */
  readonly denyTerms?: readonly string[];
  /** JavaScript regex sources, compiled once with flags 'iu' and run on the ORIGINAL text. */
  readonly regex?: readonly string[];
  /** Topic ids from TOPIC_CATALOG. */
  readonly denyTopics?: readonly string[];
}

/** One match. Carries the rule (the configured term, regex index or topic id), never the matched text. */
export interface FilterHit {
  readonly profile: string;
  readonly kind: 'term' | 'regex' | 'topic';
  readonly rule: string;
  /** Offsets in the original text. */
  readonly start: number;
  readonly end: number;
}

export interface CompiledFilter {
  readonly name: string;
  match(text: string): FilterHit[];
}

/** Thrown by compileFilterProfile for a spec that cannot be used (bad regex, unknown topic). */
export class FilterSpecError extends Error {
  override readonly name = 'FilterSpecError';
}
