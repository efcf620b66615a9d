import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { createGateway, type Gateway } from '../gateway.js';
import { issueKey } from '../keys/issue.js';
import { createSecretResolver, defaultSources } from '../secrets/resolve.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/types.js';
import { normalizeWorkersFlag, parseWorkers, runPrimary } from './cluster.js';
import { loadCliConfig } from './context.js';
import { UsageError, type CliIo } from './io.js';

export const SERVE_USAGE =
  'portcullis serve [--config FILE] [--port N] [--host H] [--workers [N|auto]]   (env: PORTCULLIS_CONFIG, PORTCULLIS_PORT, PORTCULLIS_HOST, PORTCULLIS_DATA_DIR, PORTCULLIS_WORKERS)';

const DEMO_KEY_NAME = 'demo (built-in mock provider)';

/**
 * One gateway process by default. `--workers N` (or `auto`, or the flag alone: one per core)
 * runs a primary that forks N gateway processes sharing the port (node:cluster); see cluster.ts.
 * SIGTERM/SIGINT shut down gracefully, SIGHUP reloads the config file.
 */
export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: normalizeWorkersFlag(argv),
    options: { config: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, workers: { type: 'string' } },
  });
  const workers = parseWorkers(values.workers ?? (io.env.PORTCULLIS_WORKERS || undefined));
  const config = loadCliConfig(values.config, io);
  const port = values.port === undefined ? config.server.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port takes a port number');

  if (workers !== undefined && cluster.isPrimary) {
    return runPrimary({
      workers,
      config,
      io,
      reloadConfig: () => loadCliConfig(values.config, io),
      onListening: async (url) => {
        if (!usesMock(config)) return;
        const store = await openStore(config, createSecretResolver(defaultSources(io.env)));
        try {
          await announceDemo(store, [...Object.keys(config.environments)][0] ?? 'dev', url, io);
        } finally {
          await store.close();
        }
      },
    });
  }

  let gateway: Gateway;
  let url: string;
  try {
    gateway = await createGateway(config);
    url = await gateway.listen(port, values.host ?? config.server.host);
  } catch (err) {
    // A worker's IPC channel would keep it alive after the error: leave, so the primary sees it.
    if (cluster.isWorker) {
      io.err(`portcullis: ${(err as Error).message}`);
      process.exit(1);
    }
    throw err;
  }
  gateway.logger.info({ url, environments: [...gateway.environments.keys()], pid: process.pid }, 'portcullis listening');
  if (cluster.isWorker) {
    process.send?.({ type: 'portcullis:listening', url });
    io.err(`portcullis worker ${process.pid} serving ${url}`);
  } else {
    // Also said plainly whatever the log level, for people and for scripts that wait for it.
    io.err(`portcullis listening on ${url}`);
    if (gateway.mock) await announceDemo(gateway.store, [...gateway.environments.keys()][0] ?? 'dev', url, io);
  }

  // Reloads one at a time, in the order the signals came.
  let reloading: Promise<void> = Promise.resolve();
  const reload = (): void => {
    reloading = reloading.then(async () => {
      try {
        await gateway.reload(loadCliConfig(values.config, io));
        gateway.logger.info({ pid: process.pid }, 'config reloaded');
        io.err(`portcullis: config reloaded (pid ${process.pid})`);
      } catch (err) {
        gateway.logger.error({ err: (err as Error).message, pid: process.pid }, 'config reload failed; the running config stays');
        io.err(`portcullis: config reload failed, the running config stays (pid ${process.pid}): ${(err as Error).message}`);
      }
    });
  };
  process.on('SIGHUP', reload);

  const code = await new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      // The running config: a reload may have changed the shutdown timings.
      const { shutdownGraceMs, shutdownDrainMs } = gateway.config.server;
      gateway.logger.info({ signal, pid: process.pid }, 'shutting down: readiness off, finishing in-flight requests');
      // A backstop only: close() itself cuts what is left at the drain deadline, then flushes.
      const deadline = setTimeout(() => {
        gateway.logger.error('shutdown deadline passed; exiting');
        process.exit(1);
      }, shutdownGraceMs + shutdownDrainMs + 10_000);
      deadline.unref();
      gateway.close(shutdownGraceMs, shutdownDrainMs).then(
        () => {
          gateway.logger.info({ pid: process.pid, auditAcknowledged: gateway.audit.acknowledged, auditDropped: gateway.audit.dropped }, 'shut down');
          resolve(0);
        },
        (err: unknown) => {
          gateway.logger.error({ err: (err as Error).message }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  process.off('SIGHUP', reload);
  // A worker's IPC channel would keep it alive: everything is flushed and closed, so leave.
  if (cluster.isWorker) process.exit(code);
  return code;
}

function usesMock(config: ReturnType<typeof loadCliConfig>): boolean {
  const anyProvider = Object.values(config.environments).some((env) => Object.keys(env.providers).length > 0);
  return config.mockProvider === 'always' || (config.mockProvider === 'auto' && !anyProvider);
}

/** Mock mode: a fresh demo key each start (older demo keys are revoked) and a copy-paste example. */
async function announceDemo(store: Store, environment: string, url: string, io: CliIo): Promise<void> {
  await revokeOldDemoKeys(store);
  const { key } = await issueKey(store, { name: DEMO_KEY_NAME, environment });
  io.err(`
  ┌──────────────────────────────────────────────────────────────────────────┐
  │  PORTCULLIS IS RUNNING ON ITS BUILT-IN MOCK PROVIDER — NOT A REAL MODEL   │
  │  No provider key is configured. Set OPENAI_API_KEY / ANTHROPIC_API_KEY or │
  │  pass --config (see portcullis.example.yaml) to reach real providers.     │
  └──────────────────────────────────────────────────────────────────────────┘

  Gateway:  ${url}
  Demo key: ${key}   (environment ${environment}; replaced at every start)

  Try it:
    curl ${url}/v1/chat/completions \\
      -H "Authorization: Bearer ${key}" -H "Content-Type: application/json" \\
      -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hello"}]}'

  Or with the OpenAI SDK:
    const client = new OpenAI({ baseURL: '${url}/v1', apiKey: '${key}' });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] });

  Or the Anthropic SDK:
    const client = new Anthropic({ baseURL: '${url}', apiKey: '${key}' });
`);
}

async function revokeOldDemoKeys(store: Store): Promise<void> {
  const now = new Date();
  for (const key of await store.listKeys()) {
    if (key.name === DEMO_KEY_NAME && !key.revokedAt) await store.revokeKey(key.id, now);
  }
}
