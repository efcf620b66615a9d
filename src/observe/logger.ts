import { pino, type Logger, type DestinationStream } from 'pino';

/**
 * The gateway's logger: JSON lines. Header paths that could carry a credential are redacted as a
 * second line of defence; the first is that no code logs headers or provider keys at all.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'portcullis' },
      redact: {
        paths: ['*.authorization', '*.headers.authorization', '*["x-api-key"]', '*["api-key"]', '*.apiKey', '*.key'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

export type { Logger } from 'pino';
