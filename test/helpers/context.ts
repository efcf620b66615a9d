import type { IncomingHttpHeaders } from 'node:http';
import type { RequestContext } from '../../src/pipeline/types.js';
import { ROUTES, type Route } from '../../src/providers/routes.js';

/** What a unit test may set on a RequestContext; everything else gets a neutral default. */
export interface ContextOptions {
  readonly route?: Route;
  readonly headers?: IncomingHttpHeaders;
  readonly query?: string | URLSearchParams;
  readonly body?: Record<string, unknown>;
  readonly time?: Date;
  readonly streamed?: boolean;
  readonly environment?: string;
  readonly key?: RequestContext['key'];
}

let counter = 0;

/** A fresh, mutable RequestContext as the server would build it before the stages run. */
export function makeContext(options: ContextOptions = {}): RequestContext {
  counter += 1;
  return {
    requestId: `req_test_${counter}`,
    time: options.time ?? new Date('2025-01-01T00:00:00.000Z'),
    route: options.route ?? ROUTES.chatCompletions,
    headers: options.headers ?? {},
    query: options.query instanceof URLSearchParams ? options.query : new URLSearchParams(options.query ?? ''),
    clientIp: '127.0.0.1',
    body: options.body,
    bodyModified: false,
    key: options.key,
    environment: options.environment,
    user: undefined,
    model: undefined,
    streamed: options.streamed ?? false,
    responseHeaders: {},
    consumption: undefined,
    costMicroUsd: undefined,
  };
}
