/**
 * Child process of lazy-sdk.test.ts: starts a gateway whose provider keys come from env:, with
 * every secrets manager configured, serves a request, and prints which cloud SDK packages were
 * imported. Then reads an aws: secret (which fails: nothing listens) and prints them again.
 */
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const seen = new Set<string>();
const { port1, port2 } = new MessageChannel();
port1.on('message', (specifier: string) => seen.add(specifier));
port1.unref();
register(new URL('./record-imports.ts', import.meta.url), { data: { port: port2 }, transferList: [port2] });

const { parseConfig } = await import('../../../src/config/load.js');
const { createGateway } = await import('../../../src/gateway.js');
const { createAwsSource } = await import('../../../src/secrets/aws-source.js');

process.env.LAZY_TEST_OPENAI_KEY = `sk-proj-${'a'.repeat(40)}`;
const config = parseConfig({
  dataDir: process.env.LAZY_TEST_DATA_DIR,
  store: { kind: 'memory' },
  mockProvider: 'always',
  secrets: {
    aws: { region: 'eu-west-1' },
    azure: { vaultUrl: 'https://example.vault.azure.net' },
    gcp: { project: 'example' },
  },
  environments: { dev: { providers: { openai: { type: 'openai', apiKey: 'env:LAZY_TEST_OPENAI_KEY' } } } },
});
const gateway = await createGateway(config);
const url = await gateway.listen(0, '127.0.0.1');
const health = await fetch(`${url}/healthz`);
await new Promise((resolve) => setTimeout(resolve, 50)); // let the hook thread's messages arrive
const afterStart = [...seen];
await gateway.close();

const aws = createAwsSource({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x' }, timeoutMs: 500 });
await aws.read('prod/openai#api_key', 'aws:prod/openai#api_key').catch(() => undefined);
await new Promise((resolve) => setTimeout(resolve, 50));
console.log(JSON.stringify({ health: health.status, afterStart, afterAwsRead: [...seen] }));
