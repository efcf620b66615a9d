import type { RequestContext } from '../pipeline/types.js';
import type { ProviderBinding } from '../providers/environments.js';
import type { UpstreamRequest } from '../providers/types.js';
import type { Secret } from '../secrets/secret.js';
import { discardBody, type UpstreamClient, type UpstreamResponse } from '../upstream/client.js';
import { createUpstreamFaults, sendBuffered, sendStreamed, type Exchange, type FaultTolerantCall, type UpstreamFaults } from '../upstream/faults.js';
import { bufferedWithKeys, sendWithKeys } from '../upstream/provider-keys.js';

/**
 * The proxy's upstream call: retries, circuit breaker and fallback deployment (upstream/faults.ts)
 * around attempts that each fail over between the provider's keys (upstream/provider-keys.ts).
 */

export interface UpstreamCallDeps {
  readonly upstream: UpstreamClient;
  /** Breakers, timing and the default deadline; absent: a private set (tests that build the proxy alone). */
  readonly faults?: UpstreamFaults | undefined;
  readonly maxUpstreamBodyBytes: number;
}

/** What the proxy needs of the binding that answered. */
export interface Answering {
  /** The binding, with the key the answer came with (scrubbed from errors). */
  binding: ProviderBinding;
  /** The gateway asked for the usage chunk itself (adjustBody), so the client must not see it. */
  readonly dropUsageChunk: boolean;
}

const privateFaults = new WeakMap<object, UpstreamFaults>();

function faultsOf(deps: UpstreamCallDeps): UpstreamFaults {
  if (deps.faults) return deps.faults;
  let faults = privateFaults.get(deps);
  if (!faults) {
    faults = createUpstreamFaults({ totalTimeoutMs: 900_000 });
    privateFaults.set(deps, faults);
  }
  return faults;
}

/**
 * Adjusts the body for one binding and returns how to build its request. The primary adjusts the
 * body in place as before; a fallback starts again from the body as the stages left it (an Azure
 * primary writes its deployment name into a Responses body, which a plain OpenAI fallback must
 * not send).
 */
function preparer(ctx: RequestContext, rawBody: string | Buffer | undefined, primary: ProviderBinding) {
  const original = primary.fallback && ctx.body ? { body: structuredClone(ctx.body), modified: ctx.bodyModified } : undefined;
  return (binding: ProviderBinding, position: number): { answering: Answering; requestWith: (key: Secret) => UpstreamRequest } => {
    if (position > 0 && original) {
      ctx.body = structuredClone(original.body);
      ctx.bodyModified = original.modified;
    }
    const { dropUsageChunk } = binding.adapter.adjustBody(ctx);
    const bodyOut = ctx.route.method === 'POST' ? (ctx.bodyModified ? JSON.stringify(ctx.body) : rawBody) : undefined;
    return {
      answering: { binding, dropUsageChunk },
      // Built per provider key: a key the provider refuses fails over to the next (provider-keys.ts).
      requestWith: (key) => binding.adapter.buildRequest(ctx, bodyOut, key),
    };
  };
}

/** A fallback serves the request only if it can serve the model (an Azure deployment exists). */
function canServe(ctx: RequestContext): (binding: ProviderBinding) => boolean {
  return (binding) => ctx.model === undefined || (binding.adapter.supportsModel?.(ctx.model) ?? true);
}

function withKey(binding: ProviderBinding, key: Secret): ProviderBinding {
  return key === binding.key ? binding : { ...binding, key };
}

/** A streamed request: resolves once an answer's headers came (its body is still to be relayed). */
export function sendStreamedUpstream(
  deps: UpstreamCallDeps,
  ctx: RequestContext,
  rawBody: string | Buffer | undefined,
  binding: ProviderBinding,
  signal: AbortSignal,
): Promise<{ response: UpstreamResponse; exchange: Exchange<ProviderBinding, Answering>; extra: Answering }> {
  const prepare = preparer(ctx, rawBody, binding);
  return sendStreamed<ProviderBinding, Answering>(
    faultsOf(deps),
    {
      binding,
      canServe: canServe(ctx),
      prepare: (b, position) => {
        const { answering, requestWith } = prepare(b, position);
        return {
          extra: answering,
          async send(attemptSignal, timeouts) {
            const sent = await sendWithKeys(b.keys, b.key, (key) => deps.upstream.send(requestWith(key), attemptSignal, timeouts), (r) => {
              discardBody(r.body);
            });
            answering.binding = withKey(b, sent.key);
            return sent.response;
          },
        };
      },
    },
    signal,
  );
}

/** A non-streamed request: the whole answer, read into memory. */
export function sendBufferedUpstream(
  deps: UpstreamCallDeps,
  ctx: RequestContext,
  rawBody: string | Buffer | undefined,
  binding: ProviderBinding,
): FaultTolerantCall<ProviderBinding, Answering> {
  const prepare = preparer(ctx, rawBody, binding);
  return sendBuffered<ProviderBinding, Answering>(faultsOf(deps), {
    binding,
    canServe: canServe(ctx),
    prepare: (b, position) => {
      const { answering, requestWith } = prepare(b, position);
      return {
        extra: answering,
        call(timeouts) {
          const call = bufferedWithKeys(b.keys, b.key, (key) => deps.upstream.sendBuffered(requestWith(key), deps.maxUpstreamBodyBytes, timeouts));
          // The key is known once the answer came; read it then (the proxy reads `binding` after).
          void call.response.then(
            () => {
              answering.binding = withKey(b, call.key);
            },
            () => undefined,
          );
          return call;
        },
      };
    },
  });
}
