/** A mock answer: a JSON body, or SSE events written one per tick. */
export type MockAnswer = { readonly json: unknown; readonly events?: undefined } | { readonly events: readonly string[]; readonly json?: undefined };

/** What the mock saw of one request (tests assert on it: which key arrived, which headers). */
export interface MockRequestRecord {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly rawBody: string;
  readonly body: Record<string, unknown> | undefined;
  /** Set when the client (the gateway) went away before the answer was complete. */
  aborted: boolean;
}

/** Test-only deviations from the normal answer. */
export type MockBehavior =
  | { readonly kind: 'fail-midstream'; readonly afterEvents: number }
  | { readonly kind: 'end-early'; readonly afterEvents: number }
  | { readonly kind: 'status'; readonly status: number; readonly body: unknown; readonly headers?: Record<string, string> }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'hang' }
  | { readonly kind: 'delay'; readonly ms: number }
  /** These SSE events as they are; with `stallAtEnd` the body then stays open without ending. */
  | { readonly kind: 'raw-events'; readonly events: readonly string[]; readonly stallAtEnd?: boolean }
  /** The connection is reset before any answer (upstream faults). */
  | { readonly kind: 'reset' }
  /** The stream sends this many events, then nothing more, without ending (a stalled body). */
  | { readonly kind: 'stall-midstream'; readonly afterEvents: number };
