import { Secret, type SecretMetadata } from './secret.js';
import { SecretError } from './types.js';

/**
 * The parts of a manager reference: `PATH#FIELD`, where FIELD picks one field of a secret stored
 * as a JSON object (`aws:prod/openai#api_key`) and PATH is the manager's own name for the secret.
 */
export function splitField(name: string): { path: string; field: string | undefined } {
  const hash = name.lastIndexOf('#');
  if (hash < 0) return { path: name, field: undefined };
  return { path: name.slice(0, hash), field: name.slice(hash + 1) || undefined };
}

/**
 * The secret's value: the whole text, or one field of it as JSON. Errors name the reference and
 * the field, never the text (which is the secret).
 */
export function selectField(text: string, field: string | undefined, ref: string, meta: SecretMetadata): Secret {
  if (field === undefined) return nonEmpty(text, ref, meta);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SecretError(`secret ${ref}: the stored value is not a JSON object, so field "${field}" cannot be selected`);
  }
  return fieldOf(json, field, ref, meta);
}

/** One field of an already parsed object (Vault's KV data). */
export function fieldOf(data: unknown, field: string, ref: string, meta: SecretMetadata): Secret {
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new SecretError(`secret ${ref}: the stored value is not a JSON object, so field "${field}" cannot be selected`);
  }
  const value = (data as Record<string, unknown>)[field];
  if (value === undefined) {
    throw new SecretError(`secret ${ref}: no field "${field}" (fields: ${Object.keys(data).slice(0, 20).join(', ') || 'none'})`);
  }
  if (typeof value !== 'string') throw new SecretError(`secret ${ref}: field "${field}" is not a string`);
  return nonEmpty(value, ref, meta);
}

function nonEmpty(text: string, ref: string, meta: SecretMetadata): Secret {
  const value = text.trim();
  if (value === '') throw new SecretError(`secret ${ref}: the stored value is empty`);
  return new Secret(value, ref, meta);
}

/**
 * A manager's failure as a SecretError: the error's class or code and HTTP status, not its
 * message, which an SDK may fill with a response body.
 */
export function managerError(ref: string, manager: string, err: unknown): SecretError {
  if (err instanceof SecretError) return err;
  const e = err as { name?: unknown; code?: unknown; statusCode?: unknown; $metadata?: { httpStatusCode?: unknown }; status?: unknown };
  const parts = [typeof e.code === 'string' || typeof e.code === 'number' ? String(e.code) : typeof e.name === 'string' ? e.name : 'error'];
  const status = e.statusCode ?? e.$metadata?.httpStatusCode ?? e.status;
  if (typeof status === 'number') parts.push(`HTTP ${status}`);
  return new SecretError(`secret ${ref}: ${manager} read failed (${parts.join(', ')})`);
}
