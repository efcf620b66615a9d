import { sendJson, startFakeServer, VersionedSecrets, type FakeServer } from './http.js';

/**
 * Google Secret Manager's REST API (cloud.google.com/secret-manager/docs/reference/rest), the
 * calls Portcullis makes: `GET /v1/projects/*\/secrets/*\/versions/*:access` (payload.data in
 * base64) and `GET /v1/projects/*\/secrets/*\/versions/*` (createTime). `latest` names the newest
 * version. The fake accepts one bearer token.
 */
export interface FakeGcpSecretManager extends FakeServer {
  readonly secrets: VersionedSecrets;
  readonly token: string;
  down: boolean;
  readonly calls: string[];
}

export async function startFakeGcpSecretManager(token = 'fake-gcp-access-token'): Promise<FakeGcpSecretManager> {
  const secrets = new VersionedSecrets();
  const calls: string[] = [];
  const state = { down: false };

  const server = await startFakeServer((req, _body, res) => {
    const url = new URL(req.url ?? '/', 'http://gcp');
    calls.push(`${req.method ?? ''} ${url.pathname}`);
    if (req.headers.authorization !== `Bearer ${token}`) {
      sendJson(res, 401, { error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } });
      return;
    }
    if (state.down) {
      sendJson(res, 503, { error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } });
      return;
    }
    const match = /^\/v1\/projects\/([^/]+)\/secrets\/([^/]+)\/versions\/([^/:]+)(:access)?$/.exec(url.pathname);
    if (req.method !== 'GET' || !match) {
      sendJson(res, 404, { error: { code: 404, message: 'not found', status: 'NOT_FOUND' } });
      return;
    }
    const [, project, name, versionId, access] = match;
    const version = versionId === 'latest' ? secrets.current(name!) : secrets.version(name!, versionId!);
    if (!version) {
      sendJson(res, 404, { error: { code: 404, message: `Secret Version [projects/${project!}/secrets/${name!}/versions/${versionId!}] not found.`, status: 'NOT_FOUND' } });
      return;
    }
    const resource = `projects/${project!}/secrets/${name!}/versions/${version.id}`;
    if (access) {
      sendJson(res, 200, { name: resource, payload: { data: Buffer.from(version.value).toString('base64') } });
      return;
    }
    sendJson(res, 200, { name: resource, createTime: version.createdAt.toISOString(), state: 'ENABLED', etag: `"${version.id}"` });
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
