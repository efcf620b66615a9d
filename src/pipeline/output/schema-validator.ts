import { createHash } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import type { Json } from '../../providers/json.js';

/** A client's schema larger than this is not compiled (a compile is work the client chooses). */
export const MAX_SCHEMA_CHARS = 64 * 1024;
const MAX_CACHED = 256;

/**
 * Compiled validators for client-supplied JSON schemas, cached by a hash of the schema (the same
 * application sends the same schema on every call). `strict: false` because provider schemas carry
 * keywords of their own; ajv's generated code is safe against injection from schema content.
 */
export function createSchemaValidators(): (schema: Json) => ValidateFunction | undefined {
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
  const cache = new Map<string, ValidateFunction | undefined>();
  return (schema) => {
    const text = JSON.stringify(schema);
    if (text.length > MAX_SCHEMA_CHARS) return undefined;
    const key = createHash('sha256').update(text).digest('base64');
    if (cache.has(key)) return cache.get(key);
    let validate: ValidateFunction | undefined;
    try {
      validate = ajv.compile(schema);
    } catch {
      validate = undefined;
    }
    if (cache.size >= MAX_CACHED) {
      cache.clear();
      ajv.removeSchema();
    }
    cache.set(key, validate);
    return validate;
  };
}
