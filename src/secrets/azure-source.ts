import type { TokenCredential } from '@azure/identity';
import type { AzureConfig } from '../config/secrets.js';
import { managerError, selectField, splitField } from './reference.js';
import { SecretError, type SecretSource } from './types.js';

type SecretClient = import('@azure/keyvault-secrets').SecretClient;

export interface AzureSourceOptions extends Pick<AzureConfig, 'vaultUrl'>, Partial<Omit<AzureConfig, 'vaultUrl'>> {
  /** A credential to use instead of DefaultAzureCredential (workload identity, managed identity, env, CLI). */
  readonly credential?: TokenCredential;
}

/**
 * `azure:NAME[/VERSION][#FIELD]` — Azure Key Vault secrets (`@azure/keyvault-secrets`), the latest
 * version unless one is named. The version's `createdOn` gives the key's age. The SDKs
 * (and @azure/identity's DefaultAzureCredential) are imported on the first read.
 */
export function createAzureSource(options: AzureSourceOptions): SecretSource {
  let loading: Promise<SecretClient> | undefined;
  const timeoutMs = options.timeoutMs ?? 5_000;

  const load = (): Promise<SecretClient> =>
    (loading ??= (async () => {
      const { SecretClient } = await import('@azure/keyvault-secrets');
      const credential =
        options.credential ??
        new (await import('@azure/identity')).DefaultAzureCredential(
          options.managedIdentityClientId ? { managedIdentityClientId: options.managedIdentityClientId } : {},
        );
      return new SecretClient(options.vaultUrl, credential, {
        disableChallengeResourceVerification: options.disableChallengeResourceVerification ?? false,
        // Plain http only to a loopback address (a local emulator or test double): a bearer token
        // never crosses a network in clear text.
        allowInsecureConnection: isLoopbackHttp(options.vaultUrl),
        retryOptions: { maxRetries: 1 },
      });
    })());

  return {
    scheme: 'azure',
    async read(name, ref) {
      if (options.vaultUrl.startsWith('http:') && !isLoopbackHttp(options.vaultUrl)) {
        throw new SecretError(`secret ${ref}: secrets.azure.vaultUrl must be https (plain http is accepted only for a loopback address)`);
      }
      const { path, field } = splitField(name);
      const [secretName, version, extra] = path.split('/');
      if (!secretName || extra !== undefined || !/^[0-9A-Za-z-]{1,127}$/.test(secretName)) {
        throw new SecretError(`secret ${ref}: expected azure:NAME or azure:NAME/VERSION (NAME: letters, digits and "-")`);
      }
      try {
        const client = await load();
        const secret = await client.getSecret(secretName, { ...(version ? { version } : {}), abortSignal: AbortSignal.timeout(timeoutMs) });
        if (secret.value === undefined) throw new SecretError(`secret ${ref}: the secret has no value`);
        return selectField(secret.value, field, ref, { version: secret.properties.version ?? null, createdAt: secret.properties.createdOn ?? null });
      } catch (err) {
        throw managerError(ref, 'Azure Key Vault', err);
      }
    },
  };
}

function isLoopbackHttp(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
}
