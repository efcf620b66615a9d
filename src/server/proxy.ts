import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditEvent, TokenUsage } from '../audit/event.js';
import { NO_USAGE } from '../audit/event.js';
import type { AuditRecorder } from '../audit/recorder.js';
import { GatewayError, statusOf, type ErrorCode } from '../errors.js';
import type { Pipeline } from '../pipeline/index.js';
import { modelAllowed } from '../pipeline/model-match.js';
import { runRequestStages, settleStages } from '../pipeline/run.js';
import type { RequestContext, StageRecord } from '../pipeline/types.js';
import type { EnvironmentRuntime, ProviderBinding } from '../providers/environments.js';
import { arr, obj, str, tryParse } from '../providers/json.js';
import { rewriteBody } from '../providers/rewrite-event.js';
import type { Route } from '../providers/routes.js';
import { discardBody, type BufferedUpstreamResponse, type UpstreamClient, type UpstreamResponse } from '../upstream/client.js';
import { exchangeOf, type AttemptRecord, type Exchange, type UpstreamFaults } from '../upstream/faults.js';
import { sendBufferedUpstream, sendStreamedUpstream, type Answering } from './upstream-call.js';
import { OutputRun } from './output-run.js';
import { sendError } from './respond.js';
import { scrubSecrets } from './scrub.js';
import { relayStream } from './stream-relay.js';
import { roundMs } from '../util/round-ms.js';

export interface ProxyDeps {
  readonly pipeline: Pipeline;
  readonly environments: ReadonlyMap<string, EnvironmentRuntime>;
  readonly upstream: UpstreamClient;
  readonly audit: AuditRecorder;
  /** Largest non-streamed upstream body the gateway will buffer. */
  readonly maxUpstreamBodyBytes: number;
  /** Retries, circuit breakers and fallbacks (upstream/faults.ts), shared across config reloads. */
  readonly faults?: UpstreamFaults;
}

/** Per-request bookkeeping that ends up in the audit event. */
interface Outcome {
  status: number;
  decision: AuditEvent['decision'];
  errorCode: ErrorCode | null;
  upstreamStatus: number | null;
  upstreamMs: number;
  tokens: TokenUsage;
  stages: StageRecord[];
  binding: ProviderBinding | undefined;
  /** The provider accepted the request (a 2xx answer began), so it may bill for it. */
  forwarded: boolean;
  /** `tokens` is the provider's final report (a stream cut short has only partial numbers). */
  usageFinal: boolean;
  /** Streams: when (performance.now()) the first event went to the client. */
  firstWriteAt?: number;
  /** The upstream attempts (retries, fallback, open circuits); audited when there was more than a plain one. */
  attempts?: readonly AttemptRecord[];
}

/** Response headers from the provider that a client may see (no provider org or limit details). */
const PASSED_HEADERS = ['content-type', 'retry-after', 'openai-processing-ms'] as const;

export function createProxyHandler(deps: ProxyDeps) {
  return (route: Route) =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const started = performance.now();
      reply.header('x-request-id', request.id);
      const body = obj(request.body);
      const ctx: RequestContext = {
        requestId: request.id,
        time: new Date(),
        route,
        headers: request.headers,
        query: new URLSearchParams(request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : ''),
        clientIp: request.ip,
        body,
        bodyModified: false,
        key: undefined,
        environment: undefined,
        user: undefined,
        model: undefined,
        streamed: route.streamable && body?.stream === true,
        responseHeaders: {},
        consumption: undefined,
        costMicroUsd: undefined,
      };
      const outcome: Outcome = {
        status: 200,
        decision: 'allowed',
        errorCode: null,
        upstreamStatus: null,
        upstreamMs: 0,
        tokens: NO_USAGE,
        stages: [],
        binding: undefined,
        forwarded: false,
        usageFinal: false,
      };
      const fail = (code: ErrorCode, message: string, headers?: Record<string, string>): void => {
        outcome.status = statusOf(code);
        outcome.decision = outcome.decision === 'allowed' ? 'failed' : outcome.decision;
        outcome.errorCode = code;
        if (!reply.sent && !reply.raw.headersSent) void sendError(reply, route.api, code, message, headers);
      };

      try {
        if (route.method === 'POST' && !body) {
          outcome.decision = 'denied';
          fail('invalid_request', 'The request body must be a JSON object.');
          return;
        }
        const pending = runRequestStages(deps.pipeline.request, ctx);
        const run = pending instanceof Promise ? await pending : pending;
        outcome.stages = run.records;
        if (run.failure !== undefined) {
          request.log.error({ err: (run.failure as Error).message, requestId: ctx.requestId }, 'a stage failed');
        }
        if (run.denial) {
          outcome.decision = run.failure === undefined ? 'denied' : 'failed';
          // Rate-limit state gathered before the denial is part of the answer too.
          fail(run.denial.code, run.denial.message, { ...ctx.responseHeaders, ...run.denial.headers });
          return;
        }
        reply.headers(ctx.responseHeaders);
        await forward(deps, ctx, request, reply, outcome, fail);
      } catch (err) {
        if (err instanceof GatewayError) fail(err.code, err.message, { ...err.headers });
        else {
          request.log.error({ err: (err as Error).message, requestId: ctx.requestId }, 'request failed');
          fail('internal_error', 'The gateway failed to handle the request.');
        }
      } finally {
        // Reservations become actual use (or are released) before the request is audited.
        const settling = settleStages(deps.pipeline.request, ctx, { forwarded: outcome.forwarded, usage: outcome.usageFinal && outcome.tokens.input !== null ? outcome.tokens : null }, (stage, err) => {
          request.log.error({ stage, err: (err as Error).message, requestId: ctx.requestId }, 'settling a stage failed');
        });
        if (settling instanceof Promise) await settling;
        const latencyMs = performance.now() - started;
        deps.audit.record({
          requestId: ctx.requestId,
          time: ctx.time.toISOString(),
          keyId: ctx.key?.id ?? null,
          environment: ctx.environment ?? null,
          user: ctx.user ?? null,
          provider: outcome.binding?.adapter.kind ?? null,
          model: ctx.model ?? null,
          endpoint: route.label,
          apiVersion: outcome.binding?.adapter.apiVersion(ctx) ?? headerVersion(ctx),
          streamed: ctx.streamed,
          tokens: outcome.tokens,
          costUsd: ctx.costMicroUsd === undefined ? null : ctx.costMicroUsd / 1_000_000,
          latencyMs: roundMs(latencyMs),
          overheadMs: roundMs(Math.max(0, latencyMs - outcome.upstreamMs)),
          upstreamStatus: outcome.upstreamStatus,
          status: outcome.status,
          decision: outcome.decision,
          errorCode: outcome.errorCode,
          stages: outcome.stages,
          ...(ctx.findings ? { findings: ctx.findings } : {}),
          ...(outcome.firstWriteAt === undefined ? {} : { firstTokenMs: roundMs(outcome.firstWriteAt - started) }),
          ...(notablyAttempted(outcome.attempts) ? { attempts: outcome.attempts } : {}),
        });
      }
    };
}

async function forward(
  deps: ProxyDeps,
  ctx: RequestContext,
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: Outcome,
  fail: (code: ErrorCode, message: string, headers?: Record<string, string>) => void,
): Promise<void> {
  const binding = deps.environments.get(ctx.environment ?? '')?.providers[ctx.route.provider];
  if (!binding) throw new GatewayError('provider_not_configured', `No ${ctx.route.provider} provider is configured.`);
  outcome.binding = binding;
  const { adapter } = binding;

  const local = adapter.localResponse?.(ctx);
  if (local) {
    await reply.code(local.status).send(filterModels(ctx, deps, local.body));
    return;
  }

  // The body is adjusted for the provider, and the request built per key, in upstream-call.ts:
  // a fallback deployment may need them differently.
  if (!ctx.streamed) {
    await forwardBuffered(deps, ctx, request, reply, outcome, fail, binding);
    return;
  }

  // A client that goes away cancels the upstream request (and with it the provider's billing).
  const abort = new AbortController();
  const onClose = (): void => {
    if (!reply.raw.writableFinished) abort.abort();
  };
  reply.raw.once('close', onClose);

  const upstreamStarted = performance.now();
  let response: UpstreamResponse;
  let exchange: Exchange<ProviderBinding, Answering>;
  let answering: Answering;
  try {
    // Retries, circuit breaker and fallback before the first byte; key failover per attempt.
    ({ response, exchange, extra: answering } = await sendStreamedUpstream(deps, ctx, request.rawBody, binding, abort.signal));
    outcome.attempts = exchange.attempts;
  } catch (err) {
    outcome.attempts = exchangeOf(err)?.attempts;
    outcome.upstreamMs = performance.now() - upstreamStarted;
    if (abort.signal.aborted) {
      outcome.decision = 'aborted';
      outcome.status = 499;
      return;
    }
    throw err;
  }
  // The binding that answered: the primary or its fallback, with the key the answer came with.
  const used = (outcome.binding = answering.binding);
  const { dropUsageChunk } = answering;
  outcome.upstreamStatus = response.statusCode;
  // A 2xx answer has begun: the provider bills for it, whether or not the client reads it all.
  outcome.forwarded = response.statusCode >= 200 && response.statusCode < 300;
  const output = new OutputRun(deps.pipeline.output, ctx, deps.pipeline.maxHoldBackChars(ctx.environment));

  try {
    if (refusedStatus(ctx, request, outcome, fail, used.adapter.kind, response.statusCode)) {
      discardBody(response.body);
      return;
    }
    const contentType = String(response.headers['content-type'] ?? '');
    if (response.statusCode < 300 && contentType.includes('text/event-stream')) {
      reply.hijack();
      reply.raw.writeHead(response.statusCode, {
        ...ctx.responseHeaders,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-request-id': ctx.requestId,
      });
      const observer = used.adapter.observeStream(ctx, { wantText: output.active, dropUsageChunk });
      const onFirstWrite = (): void => {
        outcome.firstWriteAt = performance.now();
      };
      const result = await relayStream({ ctx, upstream: response.body, client: reply.raw, observer, output, signal: abort.signal, onFirstWrite });
      outcome.status = response.statusCode;
      outcome.tokens = observer.usage();
      outcome.usageFinal = observer.finished;
      switch (result.kind) {
        case 'completed':
          break;
        case 'cut':
          outcome.decision = 'cut';
          outcome.errorCode = result.code;
          break;
        case 'failed':
          outcome.decision = 'failed';
          outcome.errorCode = result.code;
          break;
        case 'aborted':
          outcome.decision = 'aborted';
          break;
      }
      outcome.stages = [...outcome.stages, ...output.records(result.kind === 'completed')];
      const findings = output.findings();
      if (findings.length > 0) (ctx.findings ??= []).push(...findings);
      return;
    }

    const text = await readBounded(response, deps.maxUpstreamBodyBytes);
    await answerWhole(deps, ctx, reply, outcome, fail, used, output, response.statusCode, response.headers, text);
  } catch (err) {
    discardBody(response.body);
    if (!abort.signal.aborted) throw err;
    // The client went away while the gateway read the upstream answer: nothing left to send.
    outcome.decision = 'aborted';
    outcome.status = 499;
  } finally {
    outcome.upstreamMs = performance.now() - upstreamStarted;
    reply.raw.off('close', onClose);
    exchange.dispose();
  }
}

/**
 * A non-streamed request: the upstream answer is read whole (bounded) and answered in one write.
 * `upstreamMs` ends when the answer has been read, so `overheadMs` includes the gateway's own
 * work on it.
 */
async function forwardBuffered(
  deps: ProxyDeps,
  ctx: RequestContext,
  request: FastifyRequest,
  reply: FastifyReply,
  outcome: Outcome,
  fail: (code: ErrorCode, message: string, headers?: Record<string, string>) => void,
  binding: ProviderBinding,
): Promise<void> {
  const upstreamStarted = performance.now();
  // Retries, circuit breaker and fallback; key failover per attempt (upstream-call.ts).
  const call = sendBufferedUpstream(deps, ctx, request.rawBody, binding);
  // A client that goes away cancels the upstream request (and with it the provider's billing).
  const onClose = (): void => {
    if (!reply.raw.writableFinished) call.abort();
  };
  reply.raw.once('close', onClose);
  let response: BufferedUpstreamResponse;
  try {
    response = await call.response;
  } catch (err) {
    outcome.attempts = call.exchange.attempts;
    outcome.binding = call.exchange.extra?.binding ?? binding;
    if (call.statusCode !== 0) {
      outcome.upstreamStatus = call.statusCode;
      outcome.forwarded = call.statusCode >= 200 && call.statusCode < 300;
    }
    if (!call.aborted) throw err;
    outcome.decision = 'aborted';
    outcome.status = 499;
    return;
  } finally {
    outcome.upstreamMs = performance.now() - upstreamStarted;
    reply.raw.off('close', onClose);
  }
  outcome.attempts = call.exchange.attempts;
  // The binding that answered: the primary or its fallback, with the key the answer came with.
  const used = (outcome.binding = call.exchange.extra?.binding ?? binding);
  outcome.upstreamStatus = response.statusCode;
  // A 2xx answer came: the provider bills for it, whether or not the client reads it all.
  outcome.forwarded = response.statusCode >= 200 && response.statusCode < 300;
  if (refusedStatus(ctx, request, outcome, fail, used.adapter.kind, response.statusCode)) return;
  const output = new OutputRun(deps.pipeline.output, ctx, deps.pipeline.maxHoldBackChars(ctx.environment));
  await answerWhole(deps, ctx, reply, outcome, fail, used, output, response.statusCode, response.headers, response.body.toString('utf8'));
}

/** Attempts are audited when they tell more than upstreamStatus: a retry, a fallback, an open circuit. */
function notablyAttempted(attempts: readonly AttemptRecord[] | undefined): attempts is readonly AttemptRecord[] {
  return attempts !== undefined && (attempts.length > 1 || attempts.some((a) => a.fallback || a.errorCode === 'upstream_circuit_open'));
}

/** Upstream answers the gateway never relays: redirects and a rejected provider key. */
function refusedStatus(
  ctx: RequestContext,
  request: FastifyRequest,
  outcome: Outcome,
  fail: (code: ErrorCode, message: string, headers?: Record<string, string>) => void,
  provider: string,
  statusCode: number,
): boolean {
  if (statusCode >= 300 && statusCode < 400) {
    // undici follows no redirect; following one would leave the egress allow-list.
    fail('upstream_redirect_refused', 'The upstream answered with a redirect, which the gateway does not follow.');
    return true;
  }
  if (statusCode === 401) {
    // Retrying cannot help until an operator fixes the key: tell both SDKs not to.
    fail('provider_key_unavailable', 'The upstream provider rejected the gateway\'s credentials; the operator has been told.', { 'x-should-retry': 'false' });
    request.log.error({ requestId: ctx.requestId, provider }, 'provider rejected the configured API key');
    return true;
  }
  return false;
}

/** A whole upstream answer: usage read, output stages run on its text, then relayed or refused. */
async function answerWhole(
  deps: ProxyDeps,
  ctx: RequestContext,
  reply: FastifyReply,
  outcome: Outcome,
  fail: (code: ErrorCode, message: string, headers?: Record<string, string>) => void,
  binding: ProviderBinding,
  output: OutputRun,
  statusCode: number,
  upstreamHeaders: IncomingHttpHeaders,
  text: string,
): Promise<void> {
  outcome.status = statusCode;
  const headers = passedHeaders(upstreamHeaders);
  if (statusCode >= 400) {
    outcome.decision = 'failed';
    await reply.code(statusCode).headers(headers).send(scrubSecrets(text, binding.key.reveal()));
    return;
  }
  const { adapter } = binding;
  const json = tryParse(text);
  outcome.tokens = adapter.usageFromBody(ctx, json);
  outcome.usageFinal = true;
  // The answer's text is extracted only when an output stage will read it.
  const deltas = output.active ? adapter.textFromBody(ctx, json) : [];
  let cut = output.active ? (output.text(deltas) ?? output.end()) : undefined;
  let rewritten: string | undefined;
  const buffer = cut ? undefined : output.buffer<null>();
  const body = obj(json);
  if (buffer && body) {
    // A whole body is one item: scanned as final, rewritten in place where a scanner redacted.
    const first = buffer.push(null, deltas);
    const released = first.type === 'blocked' ? first : buffer.flush();
    if (released.type === 'blocked') cut = output.blocked(released);
    else {
      const texts = [...(first.type === 'release' ? first.items : []), ...released.items].find((item) => item.texts)?.texts;
      if (texts) {
        rewriteBody(ctx.route, body, texts);
        rewritten = JSON.stringify(body);
      }
    }
  }
  const records = output.records(true);
  if (records.length > 0) outcome.stages = [...outcome.stages, ...records];
  const findings = output.findings();
  if (findings.length > 0) (ctx.findings ??= []).push(...findings);
  if (cut) {
    outcome.decision = 'cut';
    fail(cut.code, cut.message);
    return;
  }
  const filtered = ctx.route.endpoint === 'models' ? JSON.stringify(filterModels(ctx, deps, json)) : (rewritten ?? text);
  sendRaw(reply, statusCode, headers, filtered);
}

/** Reads a non-streamed upstream body, refusing one larger than the gateway will hold. */
async function readBounded(response: UpstreamResponse, maxBytes: number): Promise<string> {
  const declared = Number(response.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    discardBody(response.body);
    throw new GatewayError('upstream_response_too_large', 'The upstream response is larger than the gateway accepts.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      discardBody(response.body);
      throw new GatewayError('upstream_response_too_large', 'The upstream response is larger than the gateway accepts.');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function passedHeaders(upstream: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of PASSED_HEADERS) {
    const value = upstream[name];
    if (typeof value === 'string') out[name] = value;
  }
  // The provider's request id helps support; ours stays in x-request-id.
  const upstreamId = upstream['x-request-id'] ?? upstream['request-id'];
  if (typeof upstreamId === 'string') out['x-upstream-request-id'] = upstreamId;
  return out;
}

/** A model list shows only what the environment and the key may call. */
function filterModels(ctx: RequestContext, deps: ProxyDeps, body: unknown): unknown {
  const json = obj(body);
  if (!json) return body;
  const lists = [deps.environments.get(ctx.environment ?? '')?.allowedModels, ctx.key?.allowedModels].filter(
    (list): list is readonly string[] => Array.isArray(list),
  );
  if (lists.length === 0) return body;
  const data = arr(json.data).filter((entry) => {
    const id = str(obj(entry)?.id);
    return id !== undefined && lists.every((list) => modelAllowed(id, list));
  });
  return { ...json, data };
}

/**
 * `req_` + 12 hex digits of milliseconds + 20 random hex digits (80 bits). Time-ordered ids keep
 * the audit table's primary-key inserts at the end of its index instead of scattered through it,
 * and still cannot be guessed.
 */
export function newRequestId(): string {
  return `req_${Date.now().toString(16).padStart(12, '0')}${randomHex20()}`;
}

/** When a request arrived, from its id (a request id from elsewhere: now). */
export function requestTime(id: string): Date {
  const ms = /^req_[0-9a-f]{12}/.test(id) ? Number.parseInt(id.slice(4, 16), 16) : Number.NaN;
  return Number.isFinite(ms) ? new Date(ms) : new Date();
}

/** 80 random bits as hex, from a pooled buffer: one randomBytes call per 400 ids, not per id. */
const POOL_IDS = 400;
let pool = Buffer.alloc(0);
let offset = 0;
function randomHex20(): string {
  if (offset >= pool.length) {
    pool = randomBytes(10 * POOL_IDS);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + 10);
  offset += 10;
  return hex;
}

/** The API version a client asked for, when no provider was reached (denied requests). */
function headerVersion(ctx: RequestContext): string | null {
  const version = ctx.headers['anthropic-version'];
  return ctx.route.api === 'anthropic' && typeof version === 'string' ? version : null;
}

/**
 * The answer of a proxied request, written straight to the socket: the body is already the
 * provider's JSON text, so fastify's serialization and reply hooks have nothing to add, and
 * skipping them is a measurable part of the gateway's per-request cost (bench/RESULTS.md).
 */
function sendRaw(reply: FastifyReply, status: number, headers: Record<string, string>, body: string): void {
  reply.hijack();
  const out: Record<string, string | number | string[]> = {};
  const set = reply.getHeaders();
  for (const name in set) {
    const value = set[name];
    if (value !== undefined) out[name] = value;
  }
  for (const name in headers) out[name] = headers[name]!;
  out['content-length'] = Buffer.byteLength(body);
  out['content-type'] ??= 'application/json';
  reply.raw.writeHead(status, out);
  reply.raw.end(body);
}
