import { environmentName } from '../config/schema.js';
import { generateGatewayKey, generateKeyId, hashGatewayKey } from '../secrets/gateway-key.js';
import type { GatewayKeyRecord, KeyLimits, KeyStore } from '../store/types.js';

export interface IssueKeyInput {
  readonly name: string;
  readonly environment: string;
  readonly user?: string | undefined;
  readonly expiresInMs?: number | undefined;
  readonly allowedModels?: readonly string[] | undefined;
  readonly limits?: KeyLimits | undefined;
}

/** Creates a gateway key. The key itself is returned once, here, and stored only as a hash. */
export async function issueKey(store: KeyStore, input: IssueKeyInput, now = new Date()): Promise<{ record: GatewayKeyRecord; key: string }> {
  const env = environmentName.safeParse(input.environment);
  if (!env.success) throw new Error(`environment "${input.environment}": ${env.error.issues[0]?.message ?? 'invalid'}`);
  if (input.name.trim() === '') throw new Error('a key needs a name');
  const key = generateGatewayKey(input.environment);
  const record: GatewayKeyRecord = {
    id: generateKeyId(),
    name: input.name.trim(),
    environment: input.environment,
    user: input.user ?? null,
    allowedModels: input.allowedModels && input.allowedModels.length > 0 ? [...input.allowedModels] : null,
    createdAt: now.toISOString(),
    expiresAt: input.expiresInMs === undefined ? null : new Date(now.getTime() + input.expiresInMs).toISOString(),
    revokedAt: null,
    rotatedAt: null,
    limits: input.limits && Object.keys(input.limits).length > 0 ? { ...input.limits } : null,
  };
  await store.insertKey(record, hashGatewayKey(key));
  return { record, key };
}

/**
 * A new secret for the same key id; the old secret keeps working for `graceMs` so clients can
 * switch over without downtime.
 */
export async function rotateKeySecret(
  store: KeyStore,
  id: string,
  graceMs: number,
  now = new Date(),
): Promise<{ key: string; previousValidUntil: string }> {
  const record = await store.getKey(id);
  if (!record) throw new Error(`no key ${id}`);
  if (record.revokedAt) throw new Error(`key ${id} is revoked; issue a new one`);
  const key = generateGatewayKey(record.environment);
  const previousValidUntil = new Date(now.getTime() + graceMs);
  const rotated = await store.rotateKey(id, hashGatewayKey(key), now, previousValidUntil);
  if (!rotated) throw new Error(`key ${id} could not be rotated`);
  return { key, previousValidUntil: previousValidUntil.toISOString() };
}
