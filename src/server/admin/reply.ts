import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { renderError, type ErrorCode } from '../../errors.js';

/** Admin API errors: the OpenAI shape every other gateway error uses (docs/errors.md). */
export function adminError(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  const { status, body } = renderError('openai', code, message);
  return reply.code(status).send(body);
}

/** Parses a query or body with a schema; on failure answers 400 and returns undefined. */
export function parseOr400<T>(schema: z.ZodType<T>, input: unknown, reply: FastifyReply): T | undefined {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  void adminError(reply, 'invalid_request', `${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`);
  return undefined;
}
