import { parseArgs } from 'node:util';
import { createGateway, type Gateway } from '../gateway.js';
import { issueKey } from '../keys/issue.js';
import type { Store } from '../store/types.js';
import { loadCliConfig } from './context.js';
import { UsageError, type CliIo } from './io.js';

export const SERVE_USAGE = 'portcullis serve [--config FILE] [--port N] [--host H]   (env: PORTCULLIS_CONFIG, PORTCULLIS_PORT, PORTCULLIS_HOST, PORTCULLIS_DATA_DIR)';

const DEMO_KEY_NAME = 'demo (built-in mock provider)';

export async function serveCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } } });
  const config = loadCliConfig(values.config, io);
  const port = values.port === undefined ? config.server.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port takes a port number');

  const gateway = await createGateway(config);
  const url = await gateway.listen(port, values.host ?? config.server.host);
  gateway.logger.info({ url, environments: [...gateway.environments.keys()] }, 'portcullis listening');
  // Also said plainly whatever the log level, for people and for scripts that wait for it.
  io.err(`portcullis listening on ${url}`);
  if (gateway.mock) await announceDemo(gateway, url, io);

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      gateway.logger.info({ signal }, 'shutting down: finishing in-flight requests');
      const deadline = setTimeout(() => {
        gateway.logger.error('shutdown deadline passed; exiting');
        process.exit(1);
      }, config.server.shutdownGraceMs + config.server.shutdownDrainMs);
      deadline.unref();
      void gateway.close(config.server.shutdownGraceMs).then(resolve, resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return 0;
}

/** Mock mode: a fresh demo key each start (older demo keys are revoked) and a copy-paste example. */
async function announceDemo(gateway: Gateway, url: string, io: CliIo): Promise<void> {
  const environment = [...gateway.environments.keys()][0] ?? 'dev';
  await revokeOldDemoKeys(gateway.store);
  const { key } = await issueKey(gateway.store, { name: DEMO_KEY_NAME, environment });
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
