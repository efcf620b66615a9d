import { randomBytes } from 'node:crypto';
import { sendJson, startFakeServer, VersionedSecrets, type FakeServer } from './http.js';

/**
 * HashiCorp Vault's HTTP API, the parts Portcullis uses: KV v2 reads
 * (`GET /v1/<mount>/data/<path>`, developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2) with
 * `X-Vault-Token`, and AppRole login (`POST /v1/auth/approle/login`). Values are JSON maps.
 */
export interface FakeVault extends FakeServer {
  readonly secrets: VersionedSecrets;
  /** Tokens the fake accepts; AppRole logins add theirs. */
  readonly tokens: Set<string>;
  readonly approle: { roleId: string; secretId: string };
  /** While set, every read answers 503 (a sealed or unreachable Vault). */
  down: boolean;
  readonly reads: { path: string; token: string | undefined; namespace: string | undefined }[];
  logins: number;
}

export async function startFakeVault(options: { leaseSeconds?: number } = {}): Promise<FakeVault> {
  const secrets = new VersionedSecrets();
  const tokens = new Set<string>();
  const reads: FakeVault['reads'] = [];
  const state = { down: false, logins: 0 };
  const approle = { roleId: 'role-1234', secretId: `sid-${randomBytes(8).toString('hex')}` };

  const server = await startFakeServer((req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://vault');
    if (req.method === 'POST' && url.pathname === '/v1/auth/approle/login') {
      const creds = JSON.parse(body || '{}') as { role_id?: string; secret_id?: string };
      if (creds.role_id !== approle.roleId || creds.secret_id !== approle.secretId) {
        sendJson(res, 400, { errors: ['invalid role or secret ID'] });
        return;
      }
      state.logins += 1;
      const token = `hvs.${randomBytes(12).toString('hex')}`;
      tokens.add(token);
      sendJson(res, 200, { auth: { client_token: token, lease_duration: options.leaseSeconds ?? 3600, renewable: true, policies: ['default'] } });
      return;
    }
    const token = req.headers['x-vault-token'] as string | undefined;
    reads.push({ path: url.pathname, token, namespace: req.headers['x-vault-namespace'] as string | undefined });
    if (state.down) {
      sendJson(res, 503, { errors: ['Vault is sealed'] });
      return;
    }
    if (!token || !tokens.has(token)) {
      sendJson(res, 403, { errors: ['permission denied'] });
      return;
    }
    const match = /^\/v1\/([^/]+)\/data\/(.+)$/.exec(url.pathname);
    const name = match ? `${match[1]!}/${match[2]!}` : '';
    const wanted = url.searchParams.get('version');
    const version = wanted ? secrets.version(name, wanted) : secrets.current(name);
    if (req.method !== 'GET' || !version) {
      sendJson(res, 404, { errors: [] });
      return;
    }
    sendJson(res, 200, {
      request_id: randomBytes(8).toString('hex'),
      lease_id: '',
      renewable: false,
      lease_duration: 0,
      data: {
        data: JSON.parse(version.value) as unknown,
        metadata: { created_time: version.createdAt.toISOString(), custom_metadata: null, deletion_time: '', destroyed: false, version: Number(version.id) },
      },
    });
  });

  return {
    url: server.url,
    port: server.port,
    close: () => server.close(),
    secrets,
    tokens,
    approle,
    reads,
    get down() {
      return state.down;
    },
    set down(value: boolean) {
      state.down = value;
    },
    get logins() {
      return state.logins;
    },
    set logins(value: number) {
      state.logins = value;
    },
  };
}
