import { z } from 'zod';

/**
 * Managed system prompts (docs/output-guard.md): kept in the gateway's config, never in the
 * application, and placed into requests by the system-prompt stage.
 */

/** A managed prompt, inline or from a file (read and linted once, at start). */
export const managedPrompt = z.union([
  z.strictObject({ text: z.string().min(1) }),
  z.strictObject({
    /** Relative paths are resolved against the working directory the gateway starts in. */
    file: z.string().min(1),
  }),
]);

/** What to do with system instructions the client sends itself. */
export const clientInstructionsPolicy = z.enum(['allow', 'strip', 'reject']);

/** On a detected leak of the system prompt in the output: cut the response, or only record it. */
export const leakAction = z.enum(['block', 'log', 'off']);

const leakFields = {
  action: leakAction,
  /** Words per shingle for the verbatim/near-verbatim overlap check. */
  shingleWords: z.number().int().min(3).max(50),
  /** Share (0..1] of the prompt's shingles seen in the output that counts as a leak. */
  overlapThreshold: z.number().gt(0).max(1),
};

const leak = z.strictObject({
  action: leakFields.action.default('block'),
  shingleWords: leakFields.shingleWords.default(8),
  overlapThreshold: leakFields.overlapThreshold.default(0.3),
});

const systemPromptFields = {
  /** The managed prompt every request of the environment (or key) gets; none when absent. */
  default: z.string().min(1),
  /** Prompts a client may choose with `X-Portcullis-Prompt: NAME`; none when empty. */
  selectable: z.array(z.string().min(1)),
  clientInstructions: clientInstructionsPolicy,
  /** A fresh random canary in the managed prompt of every request, watched for in the output. */
  canary: z.boolean(),
};

const keyOverride = z.strictObject({
  default: systemPromptFields.default.optional(),
  selectable: systemPromptFields.selectable.optional(),
  clientInstructions: systemPromptFields.clientInstructions.optional(),
});

export const systemPromptConfig = z.strictObject({
  default: systemPromptFields.default.optional(),
  selectable: systemPromptFields.selectable.default([]),
  /** `allow` keeps the client's own system messages after the managed prompt. */
  clientInstructions: systemPromptFields.clientInstructions.default('allow'),
  canary: systemPromptFields.canary.default(true),
  leak: leak.default(leak.parse({})),
  /** Overrides by gateway key id. */
  perKey: z.record(z.string().regex(/^key_[A-Za-z0-9]+$/, 'a gateway key id such as key_…'), keyOverride).default({}),
});

export type ManagedPromptConfig = z.output<typeof managedPrompt>;
export type SystemPromptConfig = z.output<typeof systemPromptConfig>;
export type ClientInstructionsPolicy = z.output<typeof clientInstructionsPolicy>;
