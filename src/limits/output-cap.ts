import { ALLOW, type Decision, type RequestContext, type RequestStage } from '../pipeline/types.js';
import type { Endpoint, Route } from '../providers/routes.js';

/**
 * The output cap: every request that generates text leaves the gateway with an explicit, bounded
 * output-token limit, so the budget can reserve its worst case before forwarding.
 *
 *  - Chat Completions: `max_completion_tokens`, and the legacy `max_tokens` (OpenAI deprecated it
 *    for reasoning models, which reject it). When both are sent, the smaller is what the request
 *    asks for and both are capped.
 *  - Responses: `max_output_tokens` (it includes reasoning tokens).
 *  - Messages: `max_tokens` (required by Anthropic).
 *
 * A missing cap is filled in with the policy's default. For Chat Completions the gateway writes
 * `max_completion_tokens`, the field OpenAI documents today; older OpenAI-compatible deployments
 * (Azure OpenAI api-versions before 2024-09-01-preview) only know `max_tokens` and may reject or
 * ignore it — such environments should require clients to send the cap themselves.
 */
export interface OutputCapPolicy {
  /** Injected when the request names no cap. */
  readonly defaultTokens: number;
  /** The largest cap a request may carry. */
  readonly maxTokens: number;
  /** Above the largest cap: lower it to the maximum, or refuse the request. */
  readonly overMax: 'clamp' | 'reject';
}

export type OutputCapDecision =
  | { readonly kind: 'skip'; readonly reason: string }
  | { readonly kind: 'keep'; readonly effective: number }
  | {
      readonly kind: 'edit';
      readonly effective: number;
      /** Fields to set, and fields to delete (a `null` cap that would contradict the one written). */
      readonly set: Readonly<Record<string, number>>;
      readonly remove: readonly string[];
      readonly note: string;
    }
  | { readonly kind: 'deny'; readonly code: 'output_cap_exceeded' | 'invalid_request'; readonly message: string };

/** The body fields that cap output on an endpoint, the preferred one first; none for the rest. */
export function outputCapFields(endpoint: Endpoint): readonly string[] {
  switch (endpoint) {
    case 'chat_completions':
      return ['max_completion_tokens', 'max_tokens'];
    case 'responses':
      return ['max_output_tokens'];
    case 'messages':
      return ['max_tokens'];
    case 'embeddings':
    case 'count_tokens':
    case 'models':
      return [];
  }
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** Anthropic's extended-thinking budget, which must stay below max_tokens. */
function thinkingBudget(body: Record<string, unknown>): number | undefined {
  const thinking = body.thinking;
  if (thinking === null || typeof thinking !== 'object') return undefined;
  const { type, budget_tokens: budget } = thinking as Record<string, unknown>;
  return type === 'enabled' && typeof budget === 'number' ? budget : undefined;
}

/** What the policy makes of a request body's output cap (pure; the stage applies it). */
export function decideOutputCap(route: Route, body: Record<string, unknown>, policy: OutputCapPolicy): OutputCapDecision {
  const fields = outputCapFields(route.endpoint);
  if (fields.length === 0) return { kind: 'skip', reason: `${route.endpoint} generates no output tokens` };

  const present: [string, number][] = [];
  const nulls: string[] = [];
  for (const field of fields) {
    const value = body[field];
    if (value === undefined) continue;
    if (value === null) {
      nulls.push(field);
      continue;
    }
    if (!isPositiveInteger(value)) {
      return { kind: 'deny', code: 'invalid_request', message: `"${field}" must be a positive integer.` };
    }
    present.push([field, value]);
  }

  const budget = route.endpoint === 'messages' ? thinkingBudget(body) : undefined;
  const thinkingDenial = (cap: number): OutputCapDecision => ({
    kind: 'deny',
    code: 'output_cap_exceeded',
    message: `thinking.budget_tokens (${budget ?? 0}) must be below max_tokens, and this environment caps max_tokens at ${cap}.`,
  });

  if (present.length === 0) {
    const field = fields[0]!;
    const value = Math.min(policy.defaultTokens, policy.maxTokens);
    if (budget !== undefined && budget >= value) return thinkingDenial(value);
    return { kind: 'edit', effective: value, set: { [field]: value }, remove: nulls, note: `set ${field} to the default output cap ${value}` };
  }

  const requested = Math.min(...present.map(([, value]) => value));
  if (requested > policy.maxTokens && policy.overMax === 'reject') {
    const field = present.find(([, value]) => value === requested)![0];
    return {
      kind: 'deny',
      code: 'output_cap_exceeded',
      message: `"${field}" is ${requested}; this environment allows at most ${policy.maxTokens} output tokens.`,
    };
  }
  // Clamp every field over the maximum, including the larger of two when only it is over: the
  // upstream may honour either.
  const set: Record<string, number> = {};
  for (const [field, value] of present) if (value > policy.maxTokens) set[field] = policy.maxTokens;
  const clamped = Object.keys(set);
  const effective = Math.min(requested, policy.maxTokens);
  if (clamped.length === 0) return { kind: 'keep', effective };
  if (budget !== undefined && budget >= effective) return thinkingDenial(effective);
  return { kind: 'edit', effective, set, remove: [], note: `lowered ${clamped.join(' and ')} to the output cap ${policy.maxTokens}` };
}

/** Writes an `edit` decision into the body. */
export function applyOutputCap(body: Record<string, unknown>, decision: Extract<OutputCapDecision, { kind: 'edit' }>): void {
  for (const field of decision.remove) Reflect.deleteProperty(body, field);
  Object.assign(body, decision.set);
}

export type OutputCapConfig = OutputCapPolicy | { readonly policyFor: (ctx: RequestContext) => OutputCapPolicy | undefined };

/**
 * The output-cap stage. Created from one policy, or from a per-request lookup (e.g. by
 * environment) where undefined means "no policy here": the stage is recorded as skipped.
 */
export function createOutputCapStage(config: OutputCapConfig): RequestStage {
  const policyFor = 'policyFor' in config ? config.policyFor : () => config;
  return {
    name: 'output-cap',
    run(ctx): Decision {
      if (!ctx.body) return { type: 'skip', reason: 'no request body' };
      const policy = policyFor(ctx);
      if (!policy) return { type: 'skip', reason: 'no output cap policy for this environment' };
      const decision = decideOutputCap(ctx.route, ctx.body, policy);
      switch (decision.kind) {
        case 'skip':
          return { type: 'skip', reason: decision.reason };
        case 'keep':
          return ALLOW;
        case 'deny':
          return { type: 'deny', code: decision.code, message: decision.message };
        case 'edit':
          applyOutputCap(ctx.body, decision);
          ctx.bodyModified = true;
          return { type: 'transform', note: decision.note };
      }
    },
  };
}

/**
 * The most output tokens the request, as it will be forwarded, can produce: the smallest valid
 * cap field (after the stage ran, the capped one), times `n` for Chat Completions, where each of
 * the `n` choices may use the full cap. Undefined when the body names no valid cap (the stage
 * did not run or had no policy) or the endpoint produces no output — the caller must then assume
 * the model's own maximum.
 */
export function effectiveMaxOutputTokens(ctx: Pick<RequestContext, 'route' | 'body'>): number | undefined {
  const body = ctx.body;
  if (!body) return undefined;
  let cap: number | undefined;
  for (const field of outputCapFields(ctx.route.endpoint)) {
    const value = body[field];
    if (isPositiveInteger(value)) cap = cap === undefined ? value : Math.min(cap, value);
  }
  if (cap === undefined) return undefined;
  const n = ctx.route.endpoint === 'chat_completions' ? body.n : undefined;
  return isPositiveInteger(n) ? cap * n : cap;
}
