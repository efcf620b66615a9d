import type { AwsConfig } from '../config/secrets.js';
import { managerError, selectField, splitField } from './reference.js';
import { SecretError, type SecretSource } from './types.js';

type SecretsManagerSdk = typeof import('@aws-sdk/client-secrets-manager');
type Client = InstanceType<SecretsManagerSdk['SecretsManagerClient']>;

export interface AwsSourceOptions extends Partial<AwsConfig> {
  /** Explicit credentials (tests); otherwise the SDK's default chain (env, profile, IMDS, IRSA). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
}

/**
 * `aws:SECRET_ID#FIELD` — AWS Secrets Manager's GetSecretValue (the AWSCURRENT version).
 * SECRET_ID is the secret's name or ARN; FIELD picks one key of a JSON secret, which is how the
 * console stores key/value secrets. The version's CreatedDate gives the key's age.
 * The SDK is imported on the first read.
 */
export function createAwsSource(options: AwsSourceOptions = {}): SecretSource {
  let loading: Promise<{ sdk: SecretsManagerSdk; client: Client }> | undefined;
  const timeoutMs = options.timeoutMs ?? 5_000;

  const load = (): Promise<{ sdk: SecretsManagerSdk; client: Client }> =>
    (loading ??= import('@aws-sdk/client-secrets-manager').then((sdk) => ({
      sdk,
      client: new sdk.SecretsManagerClient({
        ...(options.region ? { region: options.region } : {}),
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        maxAttempts: 2,
      }),
    })));

  return {
    scheme: 'aws',
    async read(name, ref) {
      const { path, field } = splitField(name);
      if (path === '') throw new SecretError(`secret ${ref}: name the secret (aws:NAME or aws:ARN)`);
      try {
        const { sdk, client } = await load();
        const out = await client.send(new sdk.GetSecretValueCommand({ SecretId: path }), { abortSignal: AbortSignal.timeout(timeoutMs) });
        const text = out.SecretString ?? (out.SecretBinary ? Buffer.from(out.SecretBinary).toString('utf8') : undefined);
        if (text === undefined) throw new SecretError(`secret ${ref}: the secret has no value`);
        return selectField(text, field, ref, { version: out.VersionId ?? null, createdAt: out.CreatedDate ?? null });
      } catch (err) {
        throw managerError(ref, 'AWS Secrets Manager', err);
      }
    },
    async close() {
      if (loading) (await loading).client.destroy();
    },
  };
}
