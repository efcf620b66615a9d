import { Agent, request } from 'undici';
import type { VaultConfig } from '../config/secrets.js';
import { fieldOf, managerError, splitField } from './reference.js';
import type { Secret } from './secret.js';
import type { SecretResolver } from './resolve.js';
import { SecretError, type SecretSource } from './types.js';

export interface VaultSourceOptions extends VaultConfig {
  /** Reads the Vault token or AppRole secret id (`env:` / `file:` references). */
  readonly bootstrap: SecretResolver;
}

/** Renew a login token once this share of its lease has passed. */
const LEASE_SHARE = 0.8;

/**
 * `vault:PATH#FIELD` — HashiCorp Vault over its HTTP API (developer.hashicorp.com/vault/api-docs).
 * PATH is the API path after /v1/: `secret/data/openai` for KV v2 (the version metadata gives the
 * key's age), `kv/openai` for KV v1. Token or AppRole login; a 403 logs in again once, so a
 * rotated token file or an expired AppRole token is picked up without a restart.
 */
export function createVaultSource(options: VaultSourceOptions): SecretSource {
  const base = options.address.replace(/\/+$/, '');
  const agent = new Agent({ connect: { timeout: options.timeoutMs }, headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs });
  let token: { value: Secret | string; renewAt: number } | undefined;
  let login: Promise<string> | undefined;

  const headers = (tokenValue?: string): Record<string, string> => {
    const out: Record<string, string> = { accept: 'application/json' };
    if (tokenValue !== undefined) out['x-vault-token'] = tokenValue;
    if (options.namespace) out['x-vault-namespace'] = options.namespace;
    return out;
  };

  async function logIn(): Promise<string> {
    const auth = options.auth;
    if (auth.method === 'token') {
      const secret = await options.bootstrap.resolve(auth.token);
      token = { value: secret, renewAt: Number.POSITIVE_INFINITY };
      return secret.reveal();
    }
    const secretId = await options.bootstrap.resolve(auth.secretId);
    const response = await request(`${base}/v1/auth/${auth.mount}/login`, {
      method: 'POST',
      dispatcher: agent,
      headers: { ...headers(), 'content-type': 'application/json' },
      body: JSON.stringify({ role_id: auth.roleId, secret_id: secretId.reveal() }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const body = (await response.body.json().catch(() => undefined)) as { auth?: { client_token?: unknown; lease_duration?: unknown } } | undefined;
    const clientToken = body?.auth?.client_token;
    if (response.statusCode !== 200 || typeof clientToken !== 'string') {
      throw new SecretError(`vault: AppRole login at auth/${auth.mount} failed (HTTP ${response.statusCode})`);
    }
    const lease = body?.auth?.lease_duration;
    const leaseSeconds = typeof lease === 'number' ? lease : 0;
    token = { value: clientToken, renewAt: leaseSeconds > 0 ? Date.now() + leaseSeconds * 1000 * LEASE_SHARE : Number.POSITIVE_INFINITY };
    return clientToken;
  }

  /** The current token; concurrent reads share one login. */
  function currentToken(force: boolean): Promise<string> {
    if (!force && token && Date.now() < token.renewAt) {
      return Promise.resolve(typeof token.value === 'string' ? token.value : token.value.reveal());
    }
    login ??= logIn().finally(() => {
      login = undefined;
    });
    return login;
  }

  async function get(path: string, force: boolean): Promise<{ status: number; body: unknown }> {
    const response = await request(`${base}/v1/${path.replace(/^\/+/, '')}`, {
      method: 'GET',
      dispatcher: agent,
      headers: headers(await currentToken(force)),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    return { status: response.statusCode, body: await response.body.json().catch(() => undefined) };
  }

  return {
    scheme: 'vault',
    async read(name, ref) {
      const { path, field } = splitField(name);
      try {
        let answer = await get(path, false);
        if (answer.status === 403) answer = await get(path, true);
        if (answer.status === 404) throw new SecretError(`secret ${ref}: not found in Vault`);
        if (answer.status !== 200) throw new SecretError(`secret ${ref}: Vault answered HTTP ${answer.status}`);
        const data = (answer.body as { data?: unknown } | undefined)?.data as Record<string, unknown> | undefined;
        // KV v2 wraps the secret's map in data.data and carries data.metadata; KV v1 is the map itself.
        const metadata = data?.metadata as { version?: unknown; created_time?: unknown } | undefined;
        const isV2 = data !== undefined && typeof data.data === 'object' && data.data !== null && typeof metadata === 'object';
        const map = isV2 ? data.data : data;
        const meta = isV2
          ? { version: typeof metadata.version === 'number' || typeof metadata.version === 'string' ? String(metadata.version) : null, createdAt: dateOf(metadata.created_time) }
          : {};
        const keys = map && typeof map === 'object' ? Object.keys(map) : [];
        const chosen = field ?? (keys.length === 1 ? keys[0] : undefined);
        if (chosen === undefined) throw new SecretError(`secret ${ref}: name a field with #FIELD (fields: ${keys.slice(0, 20).join(', ') || 'none'})`);
        return fieldOf(map, chosen, ref, meta);
      } catch (err) {
        throw managerError(ref, 'Vault', err);
      }
    },
    close: () => agent.close(),
  };
}

function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
