import type { TokenCredential } from '@azure/identity';
import { createAwsSource } from '../../src/secrets/aws-source.js';
import { createAzureSource } from '../../src/secrets/azure-source.js';
import { createGcpSource, type GcpSourceOptions } from '../../src/secrets/gcp-source.js';
import type { FakeAzureKeyVault } from '../fakes/azure-keyvault.js';
import type { FakeAwsSecretsManager } from '../fakes/aws-secrets-manager.js';
import type { FakeGcpSecretManager } from '../fakes/gcp-secret-manager.js';
import type { SecretSource } from '../../src/secrets/types.js';

/** Real SDK clients pointed at the loopback fakes, with offline credentials. */

export function awsSourceFor(fake: FakeAwsSecretsManager): SecretSource {
  return createAwsSource({ region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: fake.accessKeyId, secretAccessKey: 'fake-secret-access-key' } });
}

/** A TokenCredential that hands out the fake's token (no Entra ID round trip). */
export function azureCredential(token: string): TokenCredential & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    getToken(scopes) {
      calls.push([scopes].flat());
      return Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3_600_000 });
    },
  };
}

export function azureSourceFor(fake: FakeAzureKeyVault): SecretSource {
  // The fake is plain http on 127.0.0.1, not <vault>.vault.azure.net: the challenge's resource
  // does not match the host, so resource verification is off (as for a vault behind a custom domain).
  return createAzureSource({ vaultUrl: fake.url, credential: azureCredential(fake.token), disableChallengeResourceVerification: true });
}

/** A google-auth-library-shaped client: adds the fake's bearer token to each request. */
export function gcpAuthClient(token: string): NonNullable<GcpSourceOptions['authClient']> {
  const headers = (): Headers => new Headers({ authorization: `Bearer ${token}` });
  const client = {
    getRequestHeaders: () => Promise.resolve(headers()),
    fetch: (url: string | URL, init: RequestInit = {}) => {
      const merged = new Headers(init.headers);
      merged.set('authorization', `Bearer ${token}`);
      return fetch(url, { ...init, headers: merged });
    },
  };
  return client as unknown as NonNullable<GcpSourceOptions['authClient']>;
}

export function gcpSourceFor(fake: FakeGcpSecretManager, project = 'test-project'): SecretSource {
  return createGcpSource({ project, endpoint: fake.url, authClient: gcpAuthClient(fake.token) });
}
