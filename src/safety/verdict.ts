/**
 * The shape every validator in this folder returns: a discriminated union, never a bare boolean
 * and never an exception (DESIGN.md "Typed results"). `code` is a stable id callers may branch
 * on and log; `message` is for humans and may change wording between releases.
 */
export interface Refusal<Code extends string> {
  readonly ok: false;
  readonly code: Code;
  readonly message: string;
}

export function refuse<Code extends string>(code: Code, message: string): Refusal<Code> {
  return { ok: false, code, message };
}

/** Narrowing helper for walking parser output and caller-supplied options typed as unknown. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
