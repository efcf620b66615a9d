import { describe, expect, it } from 'vitest';
import { ERROR_CODES, GatewayError, renderError, renderStreamError, statusOf, type ErrorCode } from './errors.js';
import { SseParser } from './providers/sse.js';

const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

// Pinned statuses of the codes known when this test was written; codes added later are held to
// their family's status range below.
const EXPECTED_STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_json: 400,
  json_too_deep: 400,
  invalid_request: 400,
  unsupported_media_type: 415,
  body_too_large: 413,
  route_not_found: 404,
  method_not_allowed: 405,
  missing_api_key: 401,
  invalid_api_key: 401,
  key_revoked: 401,
  key_expired: 401,
  provider_key_refused: 401,
  key_in_query_refused: 400,
  model_required: 400,
  model_not_allowed: 403,
  provider_not_configured: 403,
  output_blocked: 403,
  unknown_model_price: 403,
  input_too_long: 413,
  output_cap_exceeded: 400,
  request_exceeds_limit: 413,
  rate_limited: 429,
  concurrency_limited: 429,
  budget_exceeded: 429,
  limit_store_unavailable: 503,
  egress_denied: 502,
  upstream_unreachable: 502,
  upstream_redirect_refused: 502,
  upstream_stream_failed: 502,
  upstream_timeout: 504,
  provider_key_unavailable: 503,
  not_ready: 503,
  internal_error: 500,
};

// The documented `type` values of each API (platform.openai.com/docs/guides/error-codes,
// docs.anthropic.com/en/api/errors).
const OPENAI_TYPES = new Set(['invalid_request_error', 'authentication_error', 'permission_error', 'not_found_error', 'rate_limit_error', 'api_error', 'timeout_error']);
const ANTHROPIC_TYPES = new Set([
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
  'timeout_error',
]);

function parseSse(text: string) {
  const parser = new SseParser();
  const events = [...parser.push(new TextEncoder().encode(text)), ...parser.end()];
  expect(parser.pending).toBe(0);
  return events;
}

describe('error codes', () => {
  it('keeps the pinned status of every known code', () => {
    for (const [code, status] of Object.entries(EXPECTED_STATUS) as [ErrorCode, number][]) {
      expect(CODES, code).toContain(code);
      expect(statusOf(code), code).toBe(status);
    }
  });

  it('gives every code a status that matches its family (the SDKs pick exception classes by status)', () => {
    const byFamily: Record<string, number[]> = {
      invalid_request: [400, 405, 415],
      authentication: [401],
      permission: [403],
      not_found: [404],
      too_large: [413, 431],
      rate_limit: [429],
      upstream: [502],
      timeout: [408, 504],
      unavailable: [503],
      internal: [500],
    };
    for (const code of CODES) {
      const spec = ERROR_CODES[code];
      expect(byFamily[spec.family], `${code} (${spec.family})`).toContain(spec.status);
    }
  });

  it('uses only error statuses', () => {
    for (const code of CODES) {
      expect(statusOf(code), code).toBeGreaterThanOrEqual(400);
      expect(statusOf(code), code).toBeLessThan(600);
    }
  });

  it('builds a GatewayError carrying code, status and headers', () => {
    const err = new GatewayError('upstream_timeout', 'too slow', { 'retry-after': '1' });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('GatewayError');
    expect(err.code).toBe('upstream_timeout');
    expect(err.status).toBe(504);
    expect(err.message).toBe('too slow');
    expect(err.headers).toEqual({ 'retry-after': '1' });
    expect(new GatewayError('not_ready', 'x').headers).toEqual({});
  });
});

describe('renderError', () => {
  it.each(CODES)('renders %s in the OpenAI shape', (code) => {
    const rendered = renderError('openai', code, `message for ${code}`);
    expect(rendered.status).toBe(EXPECTED_STATUS[code] ?? statusOf(code));
    expect(Object.keys(rendered.body)).toEqual(['error']);
    const error = rendered.body.error as Record<string, unknown>;
    expect(error).toEqual({ message: `message for ${code}`, type: error.type, param: null, code });
    expect(OPENAI_TYPES.has(error.type as string)).toBe(true);
  });

  it.each(CODES)('renders %s in the Anthropic shape', (code) => {
    const rendered = renderError('anthropic', code, `message for ${code}`);
    expect(rendered.status).toBe(EXPECTED_STATUS[code] ?? statusOf(code));
    expect(rendered.body.type).toBe('error');
    const error = rendered.body.error as Record<string, unknown>;
    expect(error).toEqual({ type: error.type, message: `message for ${code}`, code });
    expect(ANTHROPIC_TYPES.has(error.type as string)).toBe(true);
  });

  it('maps families to each API’s own type names', () => {
    const type = (api: 'openai' | 'anthropic', code: ErrorCode) => (renderError(api, code, 'm').body.error as { type: string }).type;
    expect(type('openai', 'invalid_api_key')).toBe('authentication_error');
    expect(type('anthropic', 'invalid_api_key')).toBe('authentication_error');
    expect(type('openai', 'model_not_allowed')).toBe('permission_error');
    expect(type('openai', 'route_not_found')).toBe('not_found_error');
    expect(type('openai', 'body_too_large')).toBe('invalid_request_error');
    expect(type('anthropic', 'body_too_large')).toBe('request_too_large');
    expect(type('anthropic', 'not_ready')).toBe('overloaded_error');
    expect(type('openai', 'not_ready')).toBe('api_error');
    expect(type('openai', 'upstream_timeout')).toBe('timeout_error');
    expect(type('anthropic', 'internal_error')).toBe('api_error');
  });

  it('keeps a message with quotes and newlines intact', () => {
    const message = 'bad "model"\nline two';
    expect((renderError('openai', 'invalid_request', message).body.error as { message: string }).message).toBe(message);
  });
});

describe('renderStreamError', () => {
  it.each(CODES)('ends a Chat Completions stream with an unnamed data event carrying %s', (code) => {
    const events = parseSse(renderStreamError('openai', code, 'stream cut'));
    expect(events).toHaveLength(1);
    expect(events[0]?.event).toBeUndefined();
    const payload = JSON.parse(events[0]!.data);
    expect(payload).toEqual(renderError('openai', code, 'stream cut').body);
  });

  it.each(CODES)('ends a Responses stream with a named error event carrying %s', (code) => {
    const events = parseSse(renderStreamError('openai', code, 'stream cut', true));
    expect(events).toHaveLength(1);
    expect(events[0]?.event).toBe('error');
    const payload = JSON.parse(events[0]!.data);
    expect(payload).toMatchObject({ type: 'error', code, message: 'stream cut', param: null });
    expect(payload.error).toEqual(renderError('openai', code, 'stream cut').body.error);
  });

  it.each(CODES)('ends an Anthropic stream with event: error carrying %s', (code) => {
    const events = parseSse(renderStreamError('anthropic', code, 'stream cut'));
    expect(events).toHaveLength(1);
    expect(events[0]?.event).toBe('error');
    expect(JSON.parse(events[0]!.data)).toEqual(renderError('anthropic', code, 'stream cut').body);
  });

  it('keeps a message with newlines inside one data line', () => {
    for (const text of [
      renderStreamError('openai', 'upstream_stream_failed', 'line one\n\nline two'),
      renderStreamError('openai', 'upstream_stream_failed', 'line one\r\nline two', true),
      renderStreamError('anthropic', 'upstream_stream_failed', 'line one\n\nline two'),
    ]) {
      const events = parseSse(text);
      expect(events).toHaveLength(1);
      expect(JSON.stringify(JSON.parse(events[0]!.data))).toContain('line two');
    }
  });

  it('ignores the responses flag for Anthropic', () => {
    expect(renderStreamError('anthropic', 'internal_error', 'x', true)).toBe(renderStreamError('anthropic', 'internal_error', 'x'));
  });
});

describe('docs/errors.md', () => {
  it('documents every code with its status', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../docs/errors.md', import.meta.url), 'utf8');
    for (const code of CODES) expect(doc, code).toContain(`| \`${code}\` | ${String(statusOf(code))} |`);
  });
});
