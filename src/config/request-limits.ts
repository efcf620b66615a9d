import { z } from 'zod';

/**
 * Limits on what one request may carry, beyond `server.bodyLimitBytes` and `server.maxJsonDepth`
 * (docs/config.md). They bound the work a hostile request can cause before any stage runs: every
 * later stage (token counting, injection detection, redaction) walks messages, parts and tools,
 * so their counts are capped, not only the bytes.
 */
export const requestLimitsConfig = z.strictObject({
  /** Longest `messages` array (both APIs) or Responses `input` array. */
  maxMessages: z.number().int().positive().default(4_096),
  /** Most content parts in one message's `content` array (and in an Anthropic `system` array). */
  maxContentParts: z.number().int().positive().default(1_024),
  /** Longest `tools` array. */
  maxTools: z.number().int().positive().default(512),
  /** Longest array anywhere else in the body (embedding inputs, token arrays, stop lists…). */
  maxArrayItems: z.number().int().positive().default(16_384),
  /** Longest `model` string, in characters: it reaches the audit, logs and metrics. */
  maxModelChars: z.number().int().positive().max(4_096).default(256),
  /** Most header fields in one request (node stops reading more). */
  maxHeaders: z.number().int().positive().max(2_000).default(100),
  /** Largest request line plus header block, in bytes (node's `maxHeaderSize`). */
  maxHeaderBytes: z.number().int().min(1_024).max(1_048_576).default(16_384),
  /** Most query-string parameters. */
  maxQueryParams: z.number().int().min(0).default(32),
  /** Time a client has to send the request line and all headers (slowloris). */
  headersTimeoutMs: z.number().int().positive().default(20_000),
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: z.number().int().positive().default(72_000),
});

export type RequestLimitsConfig = z.output<typeof requestLimitsConfig>;
