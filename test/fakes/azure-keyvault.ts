import { sendJson, startFakeServer, VersionedSecrets, type FakeServer } from './http.js';

/**
 * Azure Key Vault's secrets REST API, the one call Portcullis makes:
 * `GET /secrets/{name}/{version}?api-version=…` (learn.microsoft.com/rest/api/keyvault/secrets/get-secret),
 * behind Key Vault's challenge: a request without a bearer token gets 401 with a
 * `WWW-Authenticate: Bearer authorization=…, resource=…` header naming the resource to ask a
 * token for. The fake accepts one bearer token.
 */
export interface FakeAzureKeyVault extends FakeServer {
  readonly secrets: VersionedSecrets;
  readonly token: string;
  down: boolean;
  readonly calls: { path: string; apiVersion: string | null; authorized: boolean }[];
}

export async function startFakeAzureKeyVault(token = 'fake-azure-access-token'): Promise<FakeAzureKeyVault> {
  const secrets = new VersionedSecrets();
  const calls: FakeAzureKeyVault['calls'] = [];
  const state = { down: false };

  const server = await startFakeServer((req, _body, res) => {
    const url = new URL(req.url ?? '/', 'http://vault');
    const authorized = req.headers.authorization === `Bearer ${token}`;
    calls.push({ path: url.pathname, apiVersion: url.searchParams.get('api-version'), authorized });
    if (!authorized) {
      res.writeHead(401, {
        'www-authenticate': 'Bearer authorization="https://login.microsoftonline.com/72f988bf-0000-0000-0000-2d7cd011db47", resource="https://vault.azure.net"',
        'content-length': 0,
      });
      res.end();
      return;
    }
    if (state.down) {
      sendJson(res, 503, { error: { code: 'ServiceUnavailable', message: 'try later' } });
      return;
    }
    const match = /^\/secrets\/([0-9A-Za-z-]+)(?:\/([0-9A-Za-z]*))?$/.exec(url.pathname);
    if (req.method !== 'GET' || !match || !url.searchParams.get('api-version')) {
      sendJson(res, 400, { error: { code: 'BadParameter', message: 'bad request' } });
      return;
    }
    const [, name, versionId] = match;
    const version = versionId ? secrets.version(name!, versionId) : secrets.current(name!);
    if (!version) {
      sendJson(res, 404, { error: { code: 'SecretNotFound', message: `A secret with (name/id) ${name!} was not found in this key vault.` } });
      return;
    }
    const created = Math.floor(version.createdAt.getTime() / 1000);
    sendJson(res, 200, {
      value: version.value,
      id: `https://fake.vault.azure.net/secrets/${name!}/${version.id}`,
      attributes: { enabled: true, created, updated: created, recoveryLevel: 'Recoverable+Purgeable' },
      tags: {},
    });
  });

  return {
    url: server.url,
    port: server.port,
    close: () => server.close(),
    secrets,
    token,
    calls,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
  };
}
