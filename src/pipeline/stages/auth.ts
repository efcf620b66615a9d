import type { IncomingHttpHeaders } from 'node:http';
import { hashesEqual, hashGatewayKey, parseGatewayKey } from '../../secrets/gateway-key.js';
import { looksLikeProviderKey } from '../../secrets/provider-key-shape.js';
import { syncKeyLookup } from '../../store/sync-lookup.js';
import type { KeyMatch, KeyStore } from '../../store/types.js';
import type { EnvironmentRuntime } from '../../providers/environments.js';
import { ALLOW, type Decision, type RequestContext, type RequestStage } from '../types.js';

export interface AuthDeps {
  readonly keys: KeyStore;
  readonly environments: ReadonlyMap<string, EnvironmentRuntime>;
  readonly now?: () => Date;
}

/** Query parameters that carry credentials in other APIs; a key in a URL ends up in access logs. */
const CREDENTIAL_PARAMS = new Set(['key', 'api_key', 'api-key', 'apikey', 'access_token', 'token', 'auth', 'x-api-key']);

/**
 * Authenticates the gateway key from `Authorization: Bearer`, `x-api-key` or `api-key` (the
 * openai, anthropic 1.x/0.x and Azure clients each use one). The key is found by its SHA-256
 * hash; the store compares hashes, and a hash reveals nothing of the key.
 */
export function createAuthStage(deps: AuthDeps): RequestStage {
  const now = deps.now ?? (() => new Date());
  const { keys } = deps;

  /** The store's answer, checked: the final hash comparison is constant-time all the same. */
  const decide = (ctx: RequestContext, match: KeyMatch | undefined, presentedHash: string, environment: string, at: Date): Decision => {
    if (!match || !hashesEqual(match.secretHash, presentedHash) || match.key.environment !== environment) {
      return deny('invalid_api_key', 'The API key is not a valid Portcullis gateway key.');
    }
    const key = match.key;
    if (key.revokedAt) return deny('key_revoked', `Gateway key ${key.id} has been revoked.`);
    if (key.expiresAt && key.expiresAt <= at.toISOString()) return deny('key_expired', `Gateway key ${key.id} has expired.`);
    if (!deps.environments.has(key.environment)) {
      return deny('invalid_api_key', `Gateway key ${key.id} belongs to environment "${key.environment}", which this gateway does not serve.`);
    }
    ctx.key = key;
    ctx.environment = key.environment;
    return ALLOW;
  };

  return {
    name: 'auth',
    // Synchronous when the store can look the key up synchronously (memory, SQLite): no promise.
    run(ctx): Decision | Promise<Decision> {
      for (const [name, value] of ctx.query) {
        if (CREDENTIAL_PARAMS.has(name.toLowerCase()) || /^(pcl_|sk-)/.test(value)) {
          return deny('key_in_query_refused', 'API keys are not accepted in the URL; send the gateway key in the Authorization header.');
        }
      }
      const presented = presentedTokens(ctx.headers);
      if (presented.some(looksLikeProviderKey)) {
        return deny(
          'provider_key_refused',
          'A provider API key was sent to the gateway. It was not forwarded. Use a Portcullis gateway key (pcl_…); the gateway holds the provider keys.',
        );
      }
      const token = presented[0];
      if (!token) return deny('missing_api_key', 'No API key: send a Portcullis gateway key as "Authorization: Bearer pcl_…".');
      if (presented.some((other) => other !== token)) {
        return deny('invalid_api_key', 'Different API keys were sent in Authorization and x-api-key.');
      }
      const shape = parseGatewayKey(token);
      if (!shape) return deny('invalid_api_key', 'The API key is not a valid Portcullis gateway key.');
      const at = now();
      const presentedHash = hashGatewayKey(token);
      const environment = shape.environment;
      // The store finds the row by hash; `decide` confirms it in constant time.
      const lookup = syncKeyLookup(keys);
      if (lookup) return decide(ctx, lookup(presentedHash, at), presentedHash, environment, at);
      return keys.findKeyBySecretHash(presentedHash, at).then((match) => decide(ctx, match, presentedHash, environment, at));
    },
  };
}

function presentedTokens(headers: IncomingHttpHeaders): string[] {
  const out: string[] = [];
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    out.push(match ? match[1]! : authorization.trim());
  }
  for (const name of ['x-api-key', 'api-key'] as const) {
    const value = headers[name];
    if (typeof value === 'string' && value.trim() !== '') out.push(value.trim());
  }
  return out;
}

function deny(code: Extract<Decision, { type: 'deny' }>['code'], message: string): Decision {
  return { type: 'deny', code, message };
}
