import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { renderStreamError, GatewayError, type ErrorCode } from '../errors.js';
import type { RequestContext } from '../pipeline/types.js';
import { SseParser, SseOverflowError, type SseEvent } from '../providers/sse.js';
import { assertWellFormed, SseMalformedError } from '../providers/sse-malformed.js';
import type { StreamObserver } from '../providers/types.js';
import { discardBody } from '../upstream/client.js';
import type { OutputRun } from './output-run.js';
import type { Release } from './output-buffer.js';
import { rewriteEvent, type SentText } from '../providers/rewrite-event.js';

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
  /** Called once, when the first event is written to the client (time to first token). */
  readonly onFirstWrite?: () => void;
}

type Cut = { readonly code: ErrorCode; readonly message: string };

/** How long the upstream body is still read after its final event reached the client. */
const AFTER_END_LINGER_MS = 1_000;

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
  let wrote = false;
  /** Every write to the client goes here, so the first one is reported (time to first token). */
  const write = (text: string): boolean => {
    if (!wrote) {
      wrote = true;
      options.onFirstWrite?.();
    }
    return client.write(text);
  };
  const responsesApi = ctx.route.endpoint === 'responses';
  let endChecked = false;
  /** The upstream sent more after its final event. */
  let afterEnd = false as boolean; // set inside handle(), which TypeScript does not follow
  // A call, not a property read: the observer's state changes under TypeScript's narrowing.
  const ended = (): boolean => observer.finished;

  const finish = (text: string | undefined): void => {
    if (client.writableEnded || client.destroyed) return;
    if (text) write(text);
    client.end();
  };
  const cutWith = (cut: Cut): StreamOutcome => {
    discardBody(upstream);
    finish(renderStreamError(ctx.route.api, cut.code, cut.message, responsesApi));
    return { kind: 'cut', code: cut.code, message: cut.message };
  };
  const buffer = output.buffer<SseEvent>();
  const sentText: SentText = (channel, index) => buffer?.sent(channel, index);
  /** Released events as text, rewritten where a scanner redacted (and the summaries after it). */
  const emit = (release: Release<SseEvent>): string => {
    let text = '';
    const redacted = (buffer?.redactions.length ?? 0) > 0;
    for (const item of release.items) text += rewriteEvent(ctx.route, item.payload, item.texts, redacted ? sentText : undefined);
    return text;
  };
  /** The text to forward for one upstream event (possibly none yet: held back), and a cut if any. */
  const handle = (event: SseEvent): { text: string; cut?: Cut } => {
    // Nothing after the end (DESIGN.md §6): what an upstream sends after its final event is dropped.
    if (ended()) {
      afterEnd = true;
      return { text: '' };
    }
    // Upstream faults: an event that is not JSON ends the stream with upstream_stream_failed (sse-malformed.ts).
    assertWellFormed(event);
    const view = observer.onEvent(event);
    if (view.deltas.length > 0) {
      const cut = output.text(view.deltas);
      if (cut) return { text: '', cut };
    }
    if (observer.finished && !endChecked) {
      endChecked = true;
      const cut = output.end();
      if (cut) return { text: '', cut };
    }
    if (!buffer) return { text: view.forward ? event.raw : '' };
    if (!view.forward) return { text: '' };
    const pushed = buffer.push(event, view.deltas);
    if (pushed.type === 'blocked') return { text: '', cut: output.blocked(pushed) };
    let text = emit(pushed);
    // The provider's final event: everything held back is checked as final and released.
    if (observer.finished) {
      const rest = buffer.flush();
      if (rest.type === 'blocked') return { text, cut: output.blocked(rest) };
      text += emit(rest);
    }
    return { text };
  };

  let lingerTimer: NodeJS.Timeout | undefined;
  try {
    for await (const chunk of upstream) {
      let out = '';
      for (const event of parser.push(chunk as Buffer)) {
        const result = handle(event);
        out += result.text;
        if (result.cut) {
          if (out) write(out);
          return cutWith(result.cut);
        }
      }
      if (out && !write(out)) {
        // Backpressure: wait for the client to drain, or for it to go away.
        await once(client, 'drain', { signal });
      }
      if (afterEnd) {
        // An upstream that keeps sending after its final event is not read any further.
        discardBody(upstream);
        finish(undefined);
        return { kind: 'completed' };
      }
      if (observer.finished && lingerTimer === undefined) {
        // The client has the final event. Its response ends when the upstream body does — a
        // well-behaved upstream ends at once, its connection is reused, and the request is settled
        // before the client's next request can arrive — but an upstream that stalls after its
        // final event is dropped after a moment rather than holding the client for the body timeout.
        lingerTimer = setTimeout(() => {
          discardBody(upstream);
        }, AFTER_END_LINGER_MS);
      }
    }
    let tail = '';
    for (const event of parser.end()) {
      const result = handle(event);
      tail += result.text;
      if (result.cut) {
        if (tail) write(tail);
        return cutWith(result.cut);
      }
    }
    if (buffer && !observer.finished) {
      // The upstream ended early: what was held back is still checked before it is released.
      const rest = buffer.flush();
      if (rest.type === 'blocked') {
        if (tail) write(tail);
        return cutWith(output.blocked(rest));
      }
      tail += emit(rest);
    }
    if (tail) write(tail);
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
    // The final event already reached the client: a failure after it changes nothing for them.
    if (observer.finished) {
      finish(undefined);
      return { kind: 'completed' };
    }
    const code: ErrorCode =
      err instanceof GatewayError ? err.code : (err as Error).name === 'BodyTimeoutError' ? 'upstream_timeout' : 'upstream_stream_failed';
    const message =
      err instanceof SseOverflowError || err instanceof SseMalformedError
        ? 'The upstream sent a malformed stream.'
        : code === 'upstream_timeout'
          ? 'The upstream stopped sending mid-stream.'
          : 'The upstream stream failed mid-way.';
    // What was held back is checked as final and released before the error event: the client
    // keeps every checked byte the upstream sent, as it would without an output stage.
    const rest = buffer?.flush();
    if (rest?.type === 'blocked') return cutWith(output.blocked(rest));
    finish(`${rest ? emit(rest) : ''}${renderStreamError(ctx.route.api, code, message, responsesApi)}`);
    return { kind: 'failed', code };
  } finally {
    clearTimeout(lingerTimer);
  }
}

