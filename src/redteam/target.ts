import { anthropicMessages, openaiMessages, plainMessages, toolNames } from './conversation.js';
import { fillBody, fillHeaders, pickPath, type RequestTemplate } from './template.js';
import type { AttackTurn, TargetAnswer } from './types.js';

/**
 * One attack sent to the target and its answer reduced to text, a coded gateway block, or an
 * error. Nothing here keeps or returns the key, the request or the raw response body.
 */
export interface TargetConfig {
  readonly url: string;
  readonly key: string;
  readonly api: 'openai' | 'anthropic';
  readonly model: string;
  readonly stream: boolean;
  readonly maxTokens: number;
  readonly template?: RequestTemplate;
  /** Codes that count as "blocked by the gateway" (defaults: GUARD_CODES). */
  readonly blockCodes: ReadonlySet<string>;
}

/**
 * Portcullis refusals that mean a guard stopped the attack (docs/errors.md). Not
 * `client_instructions_refused`: that refuses the runner's own system prompt, whatever the attack,
 * and counting it as a block would make every attack look stopped (use --omit-system-prompt).
 */
export const GUARD_CODES: readonly string[] = ['prompt_injection_detected', 'content_filtered', 'moderation_flagged', 'system_prompt_leak', 'output_blocked'];

export interface HttpRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

function join(base: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  const trimmed = base.replace(/\/+$/, '');
  if (path === '') return trimmed;
  // `--target https://gw/v1` and `--target https://gw` both work.
  const root = path.startsWith('/v1/') ? trimmed.replace(/\/v1$/, '') : trimmed;
  return `${root}${path.startsWith('/') ? '' : '/'}${path}`;
}

export function buildRequest(config: TargetConfig, system: string | undefined, turns: readonly AttackTurn[]): HttpRequest {
  if (config.template) {
    const messages = plainMessages(turns);
    const prompt = messages.length === 1 ? messages[0]!.content : messages.map((m) => `${m.role === 'user' ? 'User' : 'Assistant'}: ${m.content}`).join('\n\n');
    const body = fillBody(config.template.body, { prompt, system: system ?? '', messages });
    return {
      url: join(config.url, config.template.url),
      method: config.template.method,
      headers: { 'content-type': 'application/json', ...fillHeaders(config.template.headers, config.key) },
      body: JSON.stringify(body),
    };
  }
  const tools = toolNames(turns);
  if (config.api === 'anthropic') {
    const body: Record<string, unknown> = { model: config.model, max_tokens: config.maxTokens, messages: anthropicMessages(turns), stream: config.stream };
    if (system) body.system = system;
    if (tools.length > 0) body.tools = tools.map((name) => ({ name, description: `The application's ${name} tool.`, input_schema: { type: 'object', properties: {} } }));
    return {
      url: join(config.url, '/v1/messages'),
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': config.key, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(body),
    };
  }
  const body: Record<string, unknown> = { model: config.model, max_tokens: config.maxTokens, messages: openaiMessages(system, turns), stream: config.stream };
  if (tools.length > 0) body.tools = tools.map((name) => ({ type: 'function', function: { name, description: `The application's ${name} tool.`, parameters: { type: 'object', properties: {} } } }));
  return {
    url: join(config.url, '/v1/chat/completions'),
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${config.key}` },
    body: JSON.stringify(body),
  };
}

/** An answer that should be tried again, and when. */
export interface RetryHint {
  readonly retryAfterMs: number | undefined;
}

export type Reading = { readonly answer: TargetAnswer; readonly retry?: undefined } | { readonly answer: TargetAnswer; readonly retry: RetryHint };

/** `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3), in ms; undefined when absent or bad. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function codeOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const error = (b.error ?? b) as Record<string, unknown> | undefined;
  return typeof error?.code === 'string' ? error.code : typeof b.code === 'string' ? b.code : undefined;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function readResponse(res: Response, config: TargetConfig): Promise<Reading> {
  const status = res.status;
  const text = await res.text();
  if (status >= 400) {
    const code = res.headers.get('x-portcullis-error-code') ?? codeOf(tryJson(text));
    if (code !== undefined && config.blockCodes.has(code)) return { answer: { kind: 'blocked', code, status, inStream: false } };
    const label = `HTTP ${String(status)}${code ? ` (${code})` : ''}`;
    if (status === 429 || status === 503) return { answer: { kind: 'error', message: label, status }, retry: { retryAfterMs: parseRetryAfter(res.headers.get('retry-after')) } };
    if (status === 502 || status === 504) return { answer: { kind: 'error', message: label, status }, retry: { retryAfterMs: undefined } };
    return { answer: { kind: 'error', message: label, status } };
  }
  if (status >= 300) return { answer: { kind: 'error', message: `HTTP ${String(status)} (redirect not followed)`, status } };
  if (config.template) {
    const json = tryJson(text);
    if (config.template.output === undefined) return { answer: { kind: 'output', text, status } };
    const picked = pickPath(json, config.template.output);
    if (typeof picked !== 'string') return { answer: { kind: 'error', message: `the response has no string at ${config.template.output}`, status } };
    return { answer: { kind: 'output', text: picked, status } };
  }
  const isStream = (res.headers.get('content-type') ?? '').includes('text/event-stream');
  return { answer: isStream ? readStream(text, status, config) : readJson(text, status, config) };
}

function readJson(text: string, status: number, config: TargetConfig): TargetAnswer {
  const body = tryJson(text) as Record<string, unknown> | undefined;
  if (!body) return { kind: 'error', message: 'the response is not JSON', status };
  if (config.api === 'anthropic') {
    const blocks = Array.isArray(body.content) ? (body.content as Record<string, unknown>[]) : [];
    return { kind: 'output', text: blocks.map(blockText).join('\n'), status };
  }
  const choices = Array.isArray(body.choices) ? (body.choices as Record<string, unknown>[]) : [];
  const message = (choices[0]?.message ?? {}) as Record<string, unknown>;
  const parts = [message.content, message.refusal].filter((p): p is string => typeof p === 'string');
  for (const call of Array.isArray(message.tool_calls) ? (message.tool_calls as Record<string, Record<string, unknown> | undefined>[]) : []) {
    if (typeof call.function?.arguments === 'string') parts.push(call.function.arguments);
  }
  return { kind: 'output', text: parts.join('\n'), status };
}

function blockText(block: Record<string, unknown>): string {
  if (block.type === 'text' && typeof block.text === 'string') return block.text;
  if (block.type === 'tool_use') return JSON.stringify(block.input ?? {});
  return '';
}

/** The text of an SSE answer, or the coded error event that cut it. */
function readStream(text: string, status: number, config: TargetConfig): TargetAnswer {
  let output = '';
  for (const event of text.split(/\r?\n\r?\n/)) {
    const data = event
      .split(/\r?\n/)
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).trimStart())
      .join('\n');
    if (data === '' || data === '[DONE]') continue;
    const json = tryJson(data) as Record<string, unknown> | undefined;
    if (!json) continue;
    if (json.error !== undefined || json.type === 'error') {
      const code = codeOf(json) ?? 'stream_error';
      if (config.blockCodes.has(code)) return { kind: 'blocked', code, status, inStream: true };
      return { kind: 'error', message: `the stream ended with an error (${code})`, status };
    }
    output += streamDelta(json);
  }
  return { kind: 'output', text: output, status };
}

function streamDelta(json: Record<string, unknown>): string {
  if (json.type === 'content_block_delta') {
    const delta = json.delta as Record<string, unknown> | undefined;
    if (typeof delta?.text === 'string') return delta.text;
    if (typeof delta?.partial_json === 'string') return delta.partial_json;
    return '';
  }
  const choices = Array.isArray(json.choices) ? (json.choices as Record<string, unknown>[]) : [];
  const delta = (choices[0]?.delta ?? {}) as Record<string, unknown>;
  let piece = typeof delta.content === 'string' ? delta.content : '';
  for (const call of Array.isArray(delta.tool_calls) ? (delta.tool_calls as Record<string, Record<string, unknown> | undefined>[]) : []) {
    if (typeof call.function?.arguments === 'string') piece += call.function.arguments;
  }
  return piece;
}
