import type { FastifyInstance } from 'fastify';
import type { RequestLimitsConfig } from '../config/request-limits.js';
import { GatewayError } from '../errors.js';
import { checkBodyShape } from './body-shape.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received: forwarded byte for byte unless a stage edits it. */
    rawBody?: Buffer;
  }
}

/**
 * Nesting depth of a JSON text, by one pass over its bytes that skips string contents. Run before
 * JSON.parse so a hostile document cannot make the parser (or anything after it) recurse deeply.
 */
export function jsonDepthExceeds(bytes: Buffer, maxDepth: number): boolean {
  // Nesting needs an opening bracket per level: a text with no more than maxDepth of them (found
  // by native searches, strings included) cannot be too deep, and most request bodies have few.
  if (bracketsAtMost(bytes, maxDepth)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

function bracketsAtMost(bytes: Buffer, limit: number): boolean {
  let count = 0;
  for (const bracket of [0x7b, 0x5b]) {
    let at = bytes.indexOf(bracket);
    while (at !== -1) {
      if (++count > limit) return false;
      at = bytes.indexOf(bracket, at + 1);
    }
  }
  return true;
}

/** Replaces fastify's JSON parser: keeps the raw bytes, bounds depth, counts and prototype keys (body-shape.ts), and codes every failure. */
export function registerJsonBody(app: FastifyInstance, maxDepth: number, shapeLimits?: RequestLimitsConfig): void {
  // Only JSON is accepted: fastify's default text/plain parser would let other bodies through.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(/^application\/([\w.+-]+\+)?json(\s*;.*)?$/i, { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    request.rawBody = bytes;
    if (jsonDepthExceeds(bytes, maxDepth)) {
      done(new GatewayError('json_too_deep', `The JSON body is nested deeper than ${maxDepth} levels.`), undefined);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8')) as unknown;
    } catch {
      done(new GatewayError('invalid_json', 'The request body is not valid JSON.'), undefined);
      return;
    }
    const refused = shapeLimits ? checkBodyShape(parsed, shapeLimits) : undefined;
    if (refused) done(refused, undefined);
    else done(null, parsed);
  });
}
