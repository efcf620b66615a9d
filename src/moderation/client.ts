import { GatewayError } from '../errors.js';
import type { UpstreamRequest } from '../providers/types.js';
import type { Secret } from '../secrets/secret.js';
import { discardBody, type UpstreamClient, type UpstreamResponse } from '../upstream/client.js';
import { moderationCacheKey, type ModerationCache } from './cache.js';
import { ModerationUnavailableError } from './errors.js';
import { readBodyBounded } from './read-body.js';
import { combineModerationResponse } from './response.js';
import { DEFAULT_MODERATION_MODEL, type ModerationResult } from './types.js';

export interface ModerationClientOptions {
  /** The gateway's one upstream client: the moderation call passes the same egress allow-list. */
  readonly upstream: UpstreamClient;
  /** The OpenAI base URL as the openai provider takes it (`https://api.openai.com/v1`). */
  readonly baseUrl: string;
  readonly key: Secret;
  readonly model?: string;
  /** The whole call, connect to last body byte; the caller's own signal still applies. */
  readonly timeoutMs: number;
  readonly cache: ModerationCache;
  /** Sent as OpenAI-Organization / OpenAI-Project, as the openai adapter does. */
  readonly organization?: string;
  readonly project?: string;
}

export interface ModerationClient {
  readonly model: string;
  /**
   * Classifies the texts and combines the results (per category the highest score, any flag).
   * Throws `ModerationUnavailableError` when the endpoint gives no usable answer, and the
   * caller's abort reason when `signal` aborts first (the client left; not an outage).
   */
  moderate(inputs: readonly string[], signal?: AbortSignal): Promise<ModerationResult>;
}

/** Far above any real answer (about 1.5 KB per input); a bound, not an expectation. */
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export function createModerationClient(options: ModerationClientOptions): ModerationClient {
  const model = options.model ?? DEFAULT_MODERATION_MODEL;
  const base = new URL(options.baseUrl);
  // Same rule as the openai adapter: a base URL may carry a path prefix, with or without /v1.
  const prefix = base.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  const url = new URL(`${prefix}/v1/moderations`, base.origin);
  const endpoint = `the moderation endpoint ${url.host}`;

  function buildRequest(inputs: readonly string[]): UpstreamRequest {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      authorization: `Bearer ${options.key.reveal()}`,
    };
    if (options.organization) headers['openai-organization'] = options.organization;
    if (options.project) headers['openai-project'] = options.project;
    return { url, method: 'POST', headers, body: JSON.stringify({ model, input: inputs }) };
  }

  async function readResult(response: UpstreamResponse, inputCount: number): Promise<ModerationResult> {
    const status = response.statusCode;
    if (status < 200 || status > 299) {
      // The error body is not read: OpenAI's 401 text echoes part of the key it was sent.
      discardBody(response.body);
      throw new ModerationUnavailableError('status', `${endpoint} answered HTTP ${status}`, { status });
    }
    const text = await readBodyBounded(response, MAX_RESPONSE_BYTES);
    let combined: ReturnType<typeof combineModerationResponse>;
    try {
      combined = text === undefined ? undefined : combineModerationResponse(JSON.parse(text), inputCount);
    } catch {
      // No cause attached: V8's JSON.parse message quotes the start of the body.
      combined = undefined;
    }
    if (!combined) throw new ModerationUnavailableError('invalid_response', `${endpoint} did not answer with a moderation result`, { status });
    return freeze({ ...combined, cached: false });
  }

  return {
    model,
    async moderate(inputs, signal) {
      signal?.throwIfAborted();
      if (inputs.length === 0) return freeze({ model, flagged: false, categories: {}, scores: {}, inputCount: 0, cached: false });
      const key = moderationCacheKey(model, inputs);
      const hit = options.cache.get(key);
      if (hit) return { ...hit, cached: true };

      const timeout = AbortSignal.timeout(options.timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      let result: ModerationResult;
      try {
        const response = await options.upstream.send(buildRequest(inputs), combined);
        result = await readResult(response, inputs.length);
      } catch (err) {
        // Which signal fired decides, not the error's shape: undici surfaces an abort in several.
        signal?.throwIfAborted();
        if (timeout.aborted || (err instanceof GatewayError && err.code === 'upstream_timeout')) {
          throw new ModerationUnavailableError('timeout', `${endpoint} did not answer within ${options.timeoutMs} ms`);
        }
        if (err instanceof ModerationUnavailableError) throw err;
        const code = err instanceof GatewayError ? err.code : 'connection_failed';
        throw new ModerationUnavailableError('transport', `${endpoint} could not be reached (${code})`, { cause: err });
      }
      // Failures never reach here, so only real answers are cached.
      options.cache.set(key, result);
      return result;
    },
  };
}

/** Cached results are shared between requests; a stage must not be able to edit one in place. */
function freeze(result: ModerationResult): ModerationResult {
  Object.freeze(result.categories);
  Object.freeze(result.scores);
  return Object.freeze(result);
}
