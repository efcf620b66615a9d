/** Why a moderation check could not run: the endpoint is slow, refused, unreachable or garbled. */
export type ModerationFailureReason = 'timeout' | 'status' | 'transport' | 'invalid_response';

/**
 * The moderation endpoint gave no usable answer. The pipeline decides what that means (fail
 * closed with `moderation_unavailable`, or record the check as skipped); this error only says
 * why. Its message names the reason and the status, never the key, the input text or the
 * endpoint's own error text (OpenAI echoes part of a wrong key in its 401 message).
 */
export class ModerationUnavailableError extends Error {
  override readonly name = 'ModerationUnavailableError';
  readonly reason: ModerationFailureReason;
  /** The endpoint's HTTP status, for `status` (and for `invalid_response` when it answered 2xx). */
  readonly status: number | undefined;

  constructor(reason: ModerationFailureReason, message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = reason;
    this.status = options.status;
  }
}
