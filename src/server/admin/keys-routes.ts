import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../../config/schema.js';
import { parseDuration } from '../../keys/duration.js';
import { issueKey, rotateKeySecret } from '../../keys/issue.js';
import type { GatewayKeyRecord, KeyStore } from '../../store/types.js';
import { adminError, parseOr400 } from './reply.js';

const duration = z.string().trim().regex(/^\d+\s*[smhdw]$/, 'a duration such as 90d, 24h, 30m');

const createBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  environment: z.string().min(1),
  user: z.string().trim().min(1).max(256).optional(),
  expires: duration.optional(),
  /** Comma-separated model allow-list (exact names or `prefix*`). */
  models: z.string().max(2000).optional(),
  /** The key's own limits, as `keys create --rpm/--tpm/--max-concurrency/--budget-usd` sets them. */
  limits: z.strictObject({
    requestsPerMinute: z.number().int().positive().optional(),
    tokensPerMinute: z.number().int().positive().optional(),
    maxConcurrent: z.number().int().positive().optional(),
    budgetUsd: z.strictObject({ amount: z.number().positive(), period: z.enum(['day', 'month']) }).optional(),
  }).optional(),
});

const rotateBody = z.strictObject({ grace: duration.optional() });
const idParams = z.strictObject({ id: z.string().regex(/^key_[A-Za-z0-9]{1,64}$/, 'a key id such as key_…') });

export type KeyStatus = 'active' | 'expired' | 'revoked';

function statusOf(k: GatewayKeyRecord, now: Date): KeyStatus {
  if (k.revokedAt) return 'revoked';
  return k.expiresAt && k.expiresAt <= now.toISOString() ? 'expired' : 'active';
}

/**
 * Create, list, revoke, rotate: the same functions as `portcullis keys`. The key itself appears in
 * exactly two answers, create and rotate, once; every other answer carries metadata only.
 */
export function registerKeyRoutes(api: FastifyInstance, deps: { store: KeyStore; config: () => Config; logger: Logger }): void {
  const { store, logger } = deps;
  const audit = (action: string, keyId: string): void => {
    logger.info({ admin: { action, keyId } }, `admin: ${action} ${keyId}`);
  };

  api.get('/keys', async () => {
    const now = new Date();
    const keys = await store.listKeys();
    return { keys: keys.map((k) => ({ ...k, status: statusOf(k, now) })) };
  });

  api.post('/keys', async (request, reply) => {
    const body = parseOr400(createBody, request.body, reply);
    if (!body) return reply;
    if (!Object.hasOwn(deps.config().environments, body.environment)) {
      return adminError(reply, 'invalid_request', `environment "${body.environment}" is not in the configuration`);
    }
    const models = body.models?.split(',').map((m) => m.trim()).filter(Boolean);
    const { record, key } = await issueKey(store, {
      name: body.name,
      environment: body.environment,
      user: body.user,
      expiresInMs: body.expires === undefined ? undefined : parseDuration(body.expires),
      allowedModels: models,
      limits: body.limits,
    });
    audit('create', record.id);
    return reply.code(201).send({ key: { ...record, status: statusOf(record, new Date()) }, secret: key });
  });

  api.post('/keys/:id/revoke', async (request, reply) => {
    const params = parseOr400(idParams, request.params, reply);
    if (!params) return reply;
    if (!(await store.revokeKey(params.id, new Date()))) return adminError(reply, 'admin_key_not_found', `No key ${params.id}.`);
    audit('revoke', params.id);
    const record = await store.getKey(params.id);
    return { key: record ? { ...record, status: statusOf(record, new Date()) } : { id: params.id } };
  });

  api.post('/keys/:id/rotate', async (request, reply) => {
    const params = parseOr400(idParams, request.params, reply);
    if (!params) return reply;
    const body = parseOr400(rotateBody, request.body, reply);
    if (!body) return reply;
    const record = await store.getKey(params.id);
    if (!record) return adminError(reply, 'admin_key_not_found', `No key ${params.id}.`);
    if (record.revokedAt) return adminError(reply, 'invalid_request', `Key ${params.id} is revoked; create a new one.`);
    const { key, previousValidUntil } = await rotateKeySecret(store, params.id, parseDuration(body.grace ?? '24h'));
    audit('rotate', params.id);
    return { id: params.id, secret: key, previousValidUntil };
  });
}
