import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Route } from '../providers/routes.js';
import { createProxyHandler, type ProxyDeps } from './proxy.js';

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * The proxy routes, swappable and counted. A config reload (SIGHUP) swaps in new dependencies —
 * pipeline, providers, upstream client — for NEW requests; a request keeps the generation it
 * arrived on until its handler returns (response, settle and audit included), so nothing in
 * flight changes pipeline half-way. Shutdown waits on the count of handlers still running: the
 * HTTP server closing only says the sockets are gone, not that the settle and the audit ran.
 */
export interface ProxyRoutes {
  /** The handler to register for a route. */
  handler(route: Route): Handler;
  /**
   * Serves new requests with `deps` from now on. Resolves once the previous generation has no
   * request left (its resources may then be released).
   */
  swap(deps: ProxyDeps): Promise<void>;
  /** Proxy handlers running, across generations. */
  readonly inFlight: number;
  /** Resolves when no proxy handler is running. */
  idle(): Promise<void>;
}

interface Generation {
  readonly forRoute: (route: Route) => Handler;
  readonly handlers: Map<Route, Handler>;
  inFlight: number;
  readonly waiters: (() => void)[];
}

function generation(deps: ProxyDeps): Generation {
  return { forRoute: createProxyHandler(deps), handlers: new Map(), inFlight: 0, waiters: [] };
}

function whenIdle(g: { inFlight: number; waiters: (() => void)[] }): Promise<void> {
  if (g.inFlight === 0) return Promise.resolve();
  return new Promise((resolve) => g.waiters.push(resolve));
}

export function createProxyRoutes(deps: ProxyDeps): ProxyRoutes {
  let current = generation(deps);
  const total = { inFlight: 0, waiters: [] as (() => void)[] };

  const done = (g: Generation): void => {
    g.inFlight--;
    total.inFlight--;
    if (g.inFlight === 0) for (const wake of g.waiters.splice(0)) wake();
    if (total.inFlight === 0) for (const wake of total.waiters.splice(0)) wake();
  };

  return {
    handler(route) {
      return async (request, reply) => {
        const g = current;
        let handle = g.handlers.get(route);
        if (!handle) {
          handle = g.forRoute(route);
          g.handlers.set(route, handle);
        }
        g.inFlight++;
        total.inFlight++;
        try {
          await handle(request, reply);
        } finally {
          done(g);
        }
      };
    },
    swap(next) {
      const previous = current;
      current = generation(next);
      return whenIdle(previous);
    },
    get inFlight() {
      return total.inFlight;
    },
    idle() {
      return whenIdle(total);
    },
  };
}
