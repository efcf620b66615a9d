import type { SecretsConfig } from '../config/secrets.js';
import { createAwsSource } from './aws-source.js';
import { createAzureSource } from './azure-source.js';
import { createEnvSource } from './env-source.js';
import { createFileSource } from './file-source.js';
import { createGcpSource } from './gcp-source.js';
import { createSecretResolver } from './resolve.js';
import type { SecretSource } from './types.js';
import { createVaultSource } from './vault-source.js';

/**
 * The sources a configuration asks for: env: and file: always, and each secrets manager that has
 * its section under `secrets`. Creating a manager source loads no SDK; its first read does.
 */
export function configuredSources(secrets: SecretsConfig, env: NodeJS.ProcessEnv = process.env): SecretSource[] {
  const local = [createEnvSource(env), createFileSource()];
  const out: SecretSource[] = [...local];
  if (secrets.vault) out.push(createVaultSource({ ...secrets.vault, bootstrap: createSecretResolver(local) }));
  if (secrets.aws) out.push(createAwsSource(secrets.aws));
  if (secrets.azure) out.push(createAzureSource(secrets.azure));
  if (secrets.gcp) out.push(createGcpSource(secrets.gcp));
  return out;
}
