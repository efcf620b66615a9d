import type { Route } from '../../providers/routes.js';
import { obj, type Json } from '../../providers/json.js';

/** What structured output a request asked for: JSON matching a schema, or any JSON. */
export type RequestedFormat = { readonly kind: 'json_schema'; readonly schema: Json } | { readonly kind: 'json_object' };

/**
 * The structured-output request of each API: Chat Completions `response_format`, Responses
 * `text.format`, Anthropic `output_config.format` (and the beta `output_format`).
 */
export function requestedFormat(route: Route, body: Json | undefined): RequestedFormat | undefined {
  if (!body) return undefined;
  let format: Json | undefined;
  if (route.endpoint === 'chat_completions') {
    const rf = obj(body.response_format);
    format = rf?.type === 'json_schema' ? { type: 'json_schema', schema: obj(rf.json_schema)?.schema } : rf;
  } else if (route.endpoint === 'responses') format = obj(obj(body.text)?.format);
  else if (route.endpoint === 'messages') format = obj(obj(body.output_config)?.format) ?? obj(body.output_format);
  if (format?.type === 'json_object') return { kind: 'json_object' };
  const schema = obj(format?.schema);
  return format?.type === 'json_schema' && schema ? { kind: 'json_schema', schema } : undefined;
}
