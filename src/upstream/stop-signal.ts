/**
 * A one-shot stop flag with listeners: what the upstream attempt loop needs of an AbortSignal.
 *
 * Every request has a total deadline, may be abandoned by its client, and its attempts stop on
 * either. As AbortControllers that was three EventTargets and four listeners per request, a
 * measurable part of the gateway's CPU per request on Node 20 (bench/RESULTS.md). A real
 * AbortSignal is made only where an API takes nothing else: undici's streamed request and the
 * wait before a retry.
 */
export class StopSignal {
  #stopped = false;
  #reason: unknown = undefined;
  #listeners: (() => void)[] | undefined;

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Why it stopped (an Error), once stopped. */
  get reason(): unknown {
    return this.#reason;
  }

  /** Stops it (the first call wins) and runs the listeners once. */
  stop(reason: unknown): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#reason = reason;
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners) for (const listener of listeners) listener();
  }

  /** Runs `listener` when it stops (not if it already has); returns the unsubscribe. */
  onStop(listener: () => void): () => void {
    if (this.#stopped) return noop;
    (this.#listeners ??= []).push(listener);
    return () => {
      const listeners = this.#listeners;
      if (!listeners) return;
      const at = listeners.indexOf(listener);
      if (at !== -1) listeners.splice(at, 1);
    };
  }

  /** Stops when `source` does, with its reason. */
  follow(source: StopSignal): void {
    if (source.stopped) this.stop(source.reason);
    else source.onStop(() => {
      this.stop(source.reason);
    });
  }

  /** An AbortSignal that aborts with this one, for APIs that take only that. */
  toAbortSignal(): AbortSignal {
    if (this.#stopped) return AbortSignal.abort(this.#reason);
    const controller = new AbortController();
    this.onStop(() => {
      controller.abort(this.#reason);
    });
    return controller.signal;
  }

  /** A StopSignal that stops when an AbortSignal aborts. */
  static fromAbortSignal(signal: AbortSignal): StopSignal {
    const stop = new StopSignal();
    if (signal.aborted) stop.stop(signal.reason);
    else signal.addEventListener('abort', () => {
      stop.stop(signal.reason);
    }, { once: true });
    return stop;
  }
}

function noop(): void {
  // Nothing to unsubscribe: the signal had already stopped.
}
