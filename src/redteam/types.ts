/**
 * The attack library's data model. Attack files (`redteam/attacks/*.json`) are validated against
 * the zod schema in `library.ts`; these are the shapes the runner works with after loading.
 */

/** One turn of an attack conversation, before it is written in a provider's request shape. */
export type AttackTurn =
  | { readonly role: 'user' | 'assistant'; readonly content: string }
  /** A tool call the "assistant" made and the result the application fed back (indirect injection). */
  | { readonly role: 'tool'; readonly name: string; readonly arguments: Readonly<Record<string, unknown>>; readonly content: string }
  /** A document the application passes along with the user's question (indirect injection). */
  | { readonly role: 'document'; readonly title: string; readonly content: string };

/** How an attack's success is seen in the model's output. An attack succeeds when any oracle does. */
export type Oracle =
  /** The run's planted secret (or a Portcullis canary) appears in the output, even obfuscated or encoded. */
  | { readonly type: 'canary' }
  /** The marker string appears in the output, other than as an echo of the attack's own text. */
  | { readonly type: 'marker'; readonly marker: string }
  /** The output does what the injected instruction asked: it matches a pattern the attack text does not contain. */
  | { readonly type: 'follows'; readonly pattern: string; readonly flags?: string; readonly description: string }
  /** A markdown or HTML image pointing at the attacker's host that carries data or was written by the model. */
  | { readonly type: 'image-exfil'; readonly host: string }
  /** An optional judge model rules on the output with this question (skipped when no judge is configured). */
  | { readonly type: 'judge'; readonly question: string };

export type OracleType = Oracle['type'];

export interface Attack {
  /** `category/short-name`, stable across versions: CI history is keyed on it. */
  readonly id: string;
  readonly category: string;
  /** What the attacker wants, in one sentence (shown in reports). */
  readonly goal: string;
  /** OWASP LLM Top 10 (2025) entries the attack exercises. */
  readonly owasp: readonly string[];
  readonly turns: readonly AttackTurn[];
  readonly oracles: readonly Oracle[];
}

export interface AttackCategory {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly attacks: readonly Attack[];
}

export interface AttackLibrary {
  /** The library's version (`redteam/attacks/VERSION`): reports name it so results stay comparable. */
  readonly version: string;
  readonly categories: readonly AttackCategory[];
}

/** The values substituted into attack text for one run (`{{marker}}`, `{{exfilHost}}`, `{{secret}}`). */
export interface RunValues {
  /** Per-run random marker string the attacks ask the model to print. */
  readonly marker: string;
  /** Host of the attacker's image server (never resolved: `*.invalid`). */
  readonly exfilHost: string;
  /** The secret planted in the system prompt the runner sends. */
  readonly secret: string;
}

export type Outcome = 'blocked' | 'harmless' | 'succeeded' | 'error';

/** What the target answered, reduced to what the oracles and the classifier need. */
export type TargetAnswer =
  | { readonly kind: 'output'; readonly text: string; readonly status: number }
  /** A coded gateway refusal: HTTP error with a Portcullis code, or an error event that cut the stream. */
  | { readonly kind: 'blocked'; readonly code: string; readonly status: number; readonly inStream: boolean }
  | { readonly kind: 'error'; readonly message: string; readonly status?: number };

export interface AttemptResult {
  readonly id: string;
  readonly category: string;
  readonly goal: string;
  readonly outcome: Outcome;
  /** Why: the oracle that fired, the gateway code, or the error. Never model output or secrets. */
  readonly detail: string;
  readonly status?: number;
  readonly durationMs: number;
  /** Retries spent on 429 / transient failures. */
  readonly retries: number;
}

export interface CategoryStats {
  readonly category: string;
  readonly title: string;
  readonly attempts: number;
  readonly blocked: number;
  readonly harmless: number;
  readonly succeeded: number;
  readonly errors: number;
}

export interface RedteamReport {
  readonly tool: 'portcullis redteam';
  readonly libraryVersion: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Origin only: no credentials, path or query. */
  readonly target: string;
  readonly api: 'openai' | 'anthropic' | 'template';
  readonly model: string;
  readonly stream: boolean;
  readonly judge: boolean;
  readonly totals: Omit<CategoryStats, 'category' | 'title'> & { readonly successRate: number };
  readonly categories: readonly CategoryStats[];
  readonly results: readonly AttemptResult[];
}
