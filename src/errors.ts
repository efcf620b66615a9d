/**
 * The closed list of Portcullis error codes. Each code has one HTTP status and one meaning,
 * documented in docs/errors.md; a code is never reused for another meaning. Errors reach the
 * client in the calling API's own shape (see renderError) so the official SDKs raise their usual
 * exception classes.
 */

export type ApiFlavor = 'openai' | 'anthropic';

/** The error families both provider APIs share; each maps to a type name per API. */
type Family =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'too_large'
  | 'rate_limit'
  | 'upstream'
  | 'timeout'
  | 'unavailable'
  | 'internal';

interface CodeSpec {
  readonly status: number;
  readonly family: Family;
}

export const ERROR_CODES = {
  // Request shape
  invalid_json: { status: 400, family: 'invalid_request' },
  json_too_deep: { status: 400, family: 'invalid_request' },
  invalid_request: { status: 400, family: 'invalid_request' },
  unsupported_media_type: { status: 415, family: 'invalid_request' },
  body_too_large: { status: 413, family: 'too_large' },
  route_not_found: { status: 404, family: 'not_found' },
  method_not_allowed: { status: 405, family: 'invalid_request' },
  // Hostile input (docs/config.md, server.requestLimits)
  array_too_long: { status: 400, family: 'invalid_request' },
  string_too_long: { status: 400, family: 'invalid_request' },
  forbidden_json_key: { status: 400, family: 'invalid_request' },
  too_many_query_params: { status: 400, family: 'invalid_request' },
  headers_too_large: { status: 431, family: 'too_large' },
  too_many_headers: { status: 431, family: 'too_large' },
  request_timeout: { status: 408, family: 'timeout' },
  malformed_http: { status: 400, family: 'invalid_request' },
  // Authentication
  missing_api_key: { status: 401, family: 'authentication' },
  invalid_api_key: { status: 401, family: 'authentication' },
  key_revoked: { status: 401, family: 'authentication' },
  key_expired: { status: 401, family: 'authentication' },
  provider_key_refused: { status: 401, family: 'authentication' },
  key_in_query_refused: { status: 400, family: 'invalid_request' },
  // Policy
  model_required: { status: 400, family: 'invalid_request' },
  model_not_allowed: { status: 403, family: 'permission' },
  provider_not_configured: { status: 403, family: 'permission' },
  output_blocked: { status: 403, family: 'permission' },
  unknown_model_price: { status: 403, family: 'permission' },
  // Input guard
  prompt_injection_detected: { status: 400, family: 'invalid_request' },
  content_filtered: { status: 400, family: 'invalid_request' },
  moderation_flagged: { status: 400, family: 'invalid_request' },
  moderation_unavailable: { status: 503, family: 'unavailable' },
  user_blocked: { status: 403, family: 'permission' },
  // System prompts
  client_instructions_refused: { status: 400, family: 'invalid_request' },
  prompt_not_allowed: { status: 403, family: 'permission' },
  system_prompt_leak: { status: 403, family: 'permission' },
  // Consumption
  input_too_long: { status: 413, family: 'too_large' },
  output_cap_exceeded: { status: 400, family: 'invalid_request' },
  request_exceeds_limit: { status: 413, family: 'too_large' },
  rate_limited: { status: 429, family: 'rate_limit' },
  concurrency_limited: { status: 429, family: 'rate_limit' },
  budget_exceeded: { status: 429, family: 'rate_limit' },
  limit_store_unavailable: { status: 503, family: 'unavailable' },
  // Upstream
  egress_denied: { status: 502, family: 'upstream' },
  upstream_unreachable: { status: 502, family: 'upstream' },
  upstream_redirect_refused: { status: 502, family: 'upstream' },
  upstream_stream_failed: { status: 502, family: 'upstream' },
  upstream_response_too_large: { status: 502, family: 'upstream' },
  output_schema_invalid: { status: 502, family: 'upstream' },
  upstream_timeout: { status: 504, family: 'timeout' },
  provider_key_unavailable: { status: 503, family: 'unavailable' },
  upstream_circuit_open: { status: 503, family: 'unavailable' },
  // Gateway state
  not_ready: { status: 503, family: 'unavailable' },
  internal_error: { status: 500, family: 'internal' },
  // Admin API (docs/admin.md)
  admin_unauthorized: { status: 401, family: 'authentication' },
  admin_key_not_found: { status: 404, family: 'not_found' },
} as const satisfies Record<string, CodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}

/** A coded failure raised anywhere below the server; the server renders it. */
export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
    this.status = statusOf(code);
    this.headers = headers;
  }
}

// OpenAI's documented error `type` values; the SDK picks its exception class from the status.
const OPENAI_TYPE: Record<Family, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  too_large: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  upstream: 'api_error',
  timeout: 'timeout_error',
  unavailable: 'api_error',
  internal: 'api_error',
};

// Anthropic's documented error `type` values (docs.anthropic.com/en/api/errors).
const ANTHROPIC_TYPE: Record<Family, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  upstream: 'api_error',
  timeout: 'timeout_error',
  unavailable: 'overloaded_error',
  internal: 'api_error',
};

export interface RenderedError {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * The error body in the caller's API shape. `code` is carried in both shapes (Anthropic's SDK
 * ignores the extra field) so clients and logs can match on the stable Portcullis code.
 */
export function renderError(api: ApiFlavor, code: ErrorCode, message: string): RenderedError {
  const spec = ERROR_CODES[code];
  if (api === 'anthropic') {
    return {
      status: spec.status,
      body: { type: 'error', error: { type: ANTHROPIC_TYPE[spec.family], message, code } },
    };
  }
  return {
    status: spec.status,
    body: { error: { message, type: OPENAI_TYPE[spec.family], param: null, code } },
  };
}

/**
 * The terminal event a stream ends with when it is cut mid-way, in each provider's own format:
 * OpenAI's SDK raises on a data payload with `error`, Anthropic's on `event: error`.
 */
export function renderStreamError(api: ApiFlavor, code: ErrorCode, message: string, responsesApi = false): string {
  if (api === 'anthropic') {
    const data = { type: 'error', error: { type: ANTHROPIC_TYPE[ERROR_CODES[code].family], message, code } };
    return `event: error\ndata: ${JSON.stringify(data)}\n\n`;
  }
  if (responsesApi) {
    // Responses API streams name every event; its error event carries code and message at top
    // level. The nested `error` object is what makes the openai SDK raise instead of yielding it.
    const error = { message, type: OPENAI_TYPE[ERROR_CODES[code].family], param: null, code };
    const data = { type: 'error', code, message, param: null, error };
    return `event: error\ndata: ${JSON.stringify(data)}\n\n`;
  }
  const data = { error: { message, type: OPENAI_TYPE[ERROR_CODES[code].family], param: null, code } };
  return `data: ${JSON.stringify(data)}\n\n`;
}
