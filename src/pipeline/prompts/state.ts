import type { RequestContext } from '../types.js';

/** The managed prompt a request was given, for the output stage that watches for its leak. */
export interface AppliedPrompt {
  readonly name: string;
  /** The prompt as configured (without the canary line). */
  readonly text: string;
  /** This request's canary, when the policy places one. */
  readonly canary: string | undefined;
}

const applied = new WeakMap<RequestContext, AppliedPrompt>();

export function setAppliedPrompt(ctx: RequestContext, prompt: AppliedPrompt): void {
  applied.set(ctx, prompt);
}

export function appliedPrompt(ctx: RequestContext): AppliedPrompt | undefined {
  return applied.get(ctx);
}
