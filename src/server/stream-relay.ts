import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { renderStreamError, GatewayError, type ErrorCode } from '../errors.js';
import type { RequestContext } from '../pipeline/types.js';
import { SseParser, SseOverflowError, type SseEvent } from '../providers/sse.js';
import type { StreamObserver } from '../providers/types.js';
import { discardBody } from '../upstream/client.js';
import type { OutputRun } from './output-run.js';

export type StreamOutcome =
  | { readonly kind: 'completed' }
  | { readonly kind: 'cut'; readonly code: ErrorCode; readonly message: string }
  | { readonly kind: 'failed'; readonly code: ErrorCode }
  | { readonly kind: 'aborted' };

export interface RelayOptions {
  readonly ctx: RequestContext;
  readonly upstream: Readable;
  readonly client: ServerResponse;
  readonly observer: StreamObserver;
  readonly output: OutputRun;
  /** Aborted when the client goes away; the upstream request shares it. */
  readonly signal: AbortSignal;
}

type Cut = { readonly code: ErrorCode; readonly message: string };

/**
 * Relays an SSE stream event by event: each whole event is written as soon as it arrives, after
 * the output stages saw its text. The stream is a small state machine — it ends exactly once,
 * with the provider's own terminal event when it is cut or the upstream fails (DESIGN.md §6).
 * The output stages' final say (onEnd) comes before the provider's final event is released, so
 * a cut at the end still reaches clients that stop reading at `[DONE]`.
 */
export async function relayStream(options: RelayOptions): Promise<StreamOutcome> {
  const { ctx, upstream, client, observer, output, signal } = options;
  const parser = new SseParser();
  const responsesApi = ctx.route.endpoint === 'responses';
  let endChecked = false;

  const finish = (text: string | undefined): void => {
    if (client.writableEnded || client.destroyed) return;
    if (text) client.write(text);
    client.end();
  };
  const cutWith = (cut: Cut): StreamOutcome => {
    discardBody(upstream);
    finish(renderStreamError(ctx.route.api, cut.code, cut.message, responsesApi));
    return { kind: 'cut', code: cut.code, message: cut.message };
  };
  /** The event's text to forward, or a cut. */
  const handle = (event: SseEvent): string | Cut => {
    const view = observer.onEvent(event);
    if (view.deltas.length > 0) {
      const cut = output.text(view.deltas);
      if (cut) return cut;
    }
    if (observer.finished && !endChecked) {
      endChecked = true;
      const cut = output.end();
      if (cut) return cut;
    }
    return view.forward ? event.raw : '';
  };

  try {
    for await (const chunk of upstream) {
      let out = '';
      for (const event of parser.push(chunk as Buffer)) {
        const result = handle(event);
        if (typeof result !== 'string') {
          if (out) client.write(out);
          return cutWith(result);
        }
        out += result;
      }
      if (out && !client.write(out)) {
        // Backpressure: wait for the client to drain, or for it to go away.
        await once(client, 'drain', { signal });
      }
    }
    let tail = '';
    for (const event of parser.end()) {
      const result = handle(event);
      if (typeof result !== 'string') {
        if (tail) client.write(tail);
        return cutWith(result);
      }
      tail += result;
    }
    if (tail) client.write(tail);
    if (!observer.finished) {
      const message = 'The upstream stream ended before its final event.';
      finish(renderStreamError(ctx.route.api, 'upstream_stream_failed', message, responsesApi));
      return { kind: 'failed', code: 'upstream_stream_failed' };
    }
    finish(undefined);
    return { kind: 'completed' };
  } catch (err) {
    if (signal.aborted) {
      discardBody(upstream);
      return { kind: 'aborted' };
    }
    const code: ErrorCode =
      err instanceof GatewayError ? err.code : (err as Error).name === 'BodyTimeoutError' ? 'upstream_timeout' : 'upstream_stream_failed';
    const message =
      err instanceof SseOverflowError
        ? 'The upstream sent a malformed stream.'
        : code === 'upstream_timeout'
          ? 'The upstream stopped sending mid-stream.'
          : 'The upstream stream failed mid-way.';
    finish(renderStreamError(ctx.route.api, code, message, responsesApi));
    return { kind: 'failed', code };
  }
}
