import type { FastifyReply, FastifyRequest } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { ROUTES } from '../providers/routes.js';
import type { ProxyDeps } from './proxy.js';
import { createProxyRoutes } from './proxy-routes.js';

/** Each generation's handler records which deps served a request and waits until released. */
const served: string[] = [];
const releases: (() => void)[] = [];
vi.mock('./proxy.js', () => ({
  createProxyHandler: (deps: { name: string }) => () => async () => {
    served.push(deps.name);
    if (deps.name === 'boom') throw new Error('boom');
    await new Promise<void>((resolve) => releases.push(resolve));
  },
}));

const deps = (name: string): ProxyDeps => ({ name }) as unknown as ProxyDeps;
const request = {} as FastifyRequest;
const reply = {} as FastifyReply;

describe('proxy routes: swap and count', () => {
  it('a request keeps the generation it arrived on; a swap resolves when the old one is idle', async () => {
    const routes = createProxyRoutes(deps('old'));
    const handler = routes.handler(ROUTES.chatCompletions);
    const first = handler(request, reply);
    expect(routes.inFlight).toBe(1);

    let oldDrained = false;
    const swapped = routes.swap(deps('new')).then(() => {
      oldDrained = true;
    });
    const second = handler(request, reply);
    expect(served).toEqual(['old', 'new']);
    expect(routes.inFlight).toBe(2);

    let idle = false;
    const allIdle = routes.idle().then(() => {
      idle = true;
    });
    releases.shift()!(); // the old request ends
    await first;
    await swapped;
    expect(oldDrained).toBe(true);
    expect(idle).toBe(false);
    releases.shift()!();
    await second;
    await allIdle;
    expect(routes.inFlight).toBe(0);
  });

  it('idle() resolves at once when nothing runs, and a handler that throws still counts down', async () => {
    const routes = createProxyRoutes(deps('boom'));
    await routes.idle();
    await expect(routes.handler(ROUTES.messages)(request, reply)).rejects.toThrow('boom');
    expect(routes.inFlight).toBe(0);
    await routes.idle();
  });
});
