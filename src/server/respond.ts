import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderError, type ApiFlavor, type ErrorCode } from '../errors.js';

/** Sends a coded error in the caller's API shape; every error carries the code in a header too. */
export function sendError(reply: FastifyReply, api: ApiFlavor, code: ErrorCode, message: string, headers: Record<string, string> = {}): FastifyReply {
  const rendered = renderError(api, code, message);
  return reply.code(rendered.status).headers({ ...headers, 'x-request-id': reply.request.id, 'x-portcullis-error-code': code }).send(rendered.body);
}

/**
 * Which API's error shape a request expects when no route decided it (unknown path, body parse
 * failure): Anthropic clients always send `anthropic-version`.
 */
export function guessApi(request: FastifyRequest): ApiFlavor {
  return guessApiFrom(request.headers, request.url);
}

/** guessApi for a raw node request (refused before fastify saw it). */
export function guessApiFrom(headers: IncomingHttpHeaders, url: string): ApiFlavor {
  return headers['anthropic-version'] !== undefined || url.startsWith('/v1/messages') ? 'anthropic' : 'openai';
}
