import { Redis } from 'ioredis';

export interface RedisConnectionOptions {
  readonly url: string;
  /** Per-command bound (ioredis `commandTimeout`); also bounds waiting for a reconnect. */
  readonly commandTimeoutMs: number;
  /** Bound on establishing the first connection (ioredis `connectTimeout`). */
  readonly connectTimeoutMs: number;
}

export interface RedisConnection {
  readonly client: Redis;
  /** The URL with its password masked and query dropped: safe for messages and logs. */
  readonly target: string;
  /** Resolves once the connection can take commands; rejects (plain Error, reason only) after the bound. */
  ready(): Promise<void>;
  /** A failure's message with every credential masked. */
  explain(error: unknown): string;
  close(): Promise<void>;
}

/** Reconnect quickly at first, then every second: a restarted Redis is picked up within ~1 s. */
const reconnectDelayMs = (attempt: number): number => Math.min(attempt * 100, 1_000);

/**
 * One ioredis connection tuned so that a Redis outage never hangs a request:
 * - `enableOfflineQueue: false`: while disconnected, commands fail at once instead of queueing
 *   (an unbounded queue would hold every request until Redis returns).
 * - `commandTimeout`: a command that gets no reply (a stalled server, a half-open TCP connection)
 *   fails after `commandTimeoutMs`.
 * - `maxRetriesPerRequest: 0`, `autoResendUnfulfilledCommands: false`: a command in flight when the
 *   connection drops fails instead of being sent again after the reconnect. Re-sending an
 *   admission could reserve twice; failing it leaves at worst one reservation that the caller
 *   never used, which over-counts (safe) until its window, period or lease runs out.
 * Reconnection itself continues in the background (`retryStrategy`), so the store recovers alone.
 */
export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
  const { target, secrets } = describeUrl(options.url);
  const explain = (error: unknown): string => {
    let message = error instanceof Error ? error.message : String(error);
    for (const secret of secrets) message = message.replaceAll(secret, '***');
    return message;
  };

  const client = new Redis(options.url, {
    connectionName: 'portcullis-limits',
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.connectTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    retryStrategy: reconnectDelayMs,
  });
  let lastError: string | undefined;
  let everReady = false;
  let closed = false;
  /** Requests waiting for the connection; one listener serves them all (no listener pile-up). */
  const waiting = new Set<(error?: Error) => void>();
  const wake = (error?: Error): void => {
    for (const waiter of [...waiting]) waiter(error);
  };
  // Without a listener ioredis prints every reconnect failure; keep the latest for our messages.
  client.on('error', (error: unknown) => {
    lastError = explain(error);
  });
  client.on('ready', () => {
    everReady = true;
    lastError = undefined;
    wake();
  });
  client.on('end', () => {
    wake(new Error('connection closed'));
  });

  function ready(): Promise<void> {
    if (client.status === 'ready') return Promise.resolve();
    if (closed || client.status === 'end') return Promise.reject(new Error('connection closed'));
    // The first connection may take a TLS handshake; later, a reconnect gets one command's time.
    const waitMs = everReady ? options.commandTimeoutMs : options.connectTimeoutMs;
    return new Promise<void>((resolve, reject) => {
      const waiter = (error?: Error): void => {
        clearTimeout(timer);
        waiting.delete(waiter);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => {
        const why = lastError === undefined ? '' : ` (last error: ${lastError})`;
        waiter(new Error(`not connected within ${waitMs} ms${why}`));
      }, waitMs);
      waiting.add(waiter);
    });
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    if (client.status === 'ready') {
      try {
        await client.quit();
        return;
      } catch {
        // The server went away while we said goodbye: just drop the socket.
      }
    }
    client.disconnect();
  }

  return { client, target, ready, explain, close };
}

/** A printable form of the URL and the credential strings that must never be printed. */
function describeUrl(url: string): { target: string; secrets: string[] } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Do not echo the URL: it may hold a password.
    throw new RangeError('Redis limit store: url is not a valid URL (expected redis[s]://[user:password@]host[:port][/db])');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RangeError(`Redis limit store: url must start with redis:// or rediss:// (got ${parsed.protocol}//)`);
  }
  const secrets = new Set<string>();
  const addSecret = (value: string): void => {
    if (value === '') return;
    secrets.add(value);
    try {
      secrets.add(decodeURIComponent(value));
    } catch {
      // Malformed escapes: the raw form is already covered.
    }
  };
  addSecret(parsed.password);
  for (const [name, value] of parsed.searchParams) if (/pass|secret|token|auth/i.test(name)) addSecret(value);
  if (parsed.password !== '') parsed.password = '***';
  parsed.search = '';
  // Longest first, so a secret that contains another is masked whole.
  return { target: parsed.toString(), secrets: [...secrets].sort((a, b) => b.length - a.length) };
}
