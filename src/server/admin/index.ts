import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../../config/schema.js';
import type { Secret } from '../../secrets/secret.js';
import type { Store } from '../../store/types.js';
import { ADMIN_TOKEN_HEADER, createAdminTokenCheck } from './auth.js';
import { setAdminHeaders } from './headers.js';
import { registerKeyRoutes } from './keys-routes.js';
import { registerReadRoutes } from './read-routes.js';
import { adminError } from './reply.js';
import { registerAdminStatic } from './static.js';

export interface AdminDeps {
  /** The resolved `admin.token`. */
  readonly token: Secret;
  readonly store: Store;
  /** The config serving requests now: after a SIGHUP reload, the reloaded one. */
  readonly config: () => Config;
  readonly logger: Logger;
  /** Where `portcullis redteam` leaves its last-run summary (for the checklist). */
  readonly stateDir: string;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * The admin page (`/admin`, static files) and its API (`/admin/api/*`, token in a header). The API
 * lives in its own fastify scope so its token hook never runs on the proxy routes.
 */
export function registerAdmin(app: FastifyInstance, deps: AdminDeps): void {
  const tokenOk = createAdminTokenCheck(deps.token.reveal());
  registerAdminStatic(app);
  void app.register(
    (api, _opts, done) => {
      api.addHook('onRequest', (request, reply, next) => {
        setAdminHeaders(reply, 'no-store');
        reply.header('x-request-id', request.id);
        if (tokenOk(request.headers[ADMIN_TOKEN_HEADER])) {
          next();
          return;
        }
        // Logged (without what was sent) so repeated failures are visible to operators.
        deps.logger.warn({ requestId: request.id, path: request.url.split('?')[0]?.slice(0, 100) }, 'admin: token missing or wrong');
        void adminError(reply, 'admin_unauthorized', `Send the admin token in the ${ADMIN_TOKEN_HEADER} header.`);
      });
      // Errors inside admin handlers answer in the admin shape and are logged with the request id.
      api.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
        if (error.statusCode !== undefined && error.statusCode < 500) return adminError(reply, 'invalid_request', error.message);
        deps.logger.error({ err: error.message, requestId: request.id }, 'admin API error');
        return adminError(reply, 'internal_error', 'The admin API failed; see the gateway log for this request id.');
      });
      registerKeyRoutes(api, deps);
      registerReadRoutes(api, {
        ...deps,
        probeCors: async () => {
          const res = await app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://admin-probe.invalid' } });
          const value = res.headers['access-control-allow-origin'];
          return typeof value === 'string' ? value : undefined;
        },
      });
      done();
    },
    { prefix: '/admin/api' },
  );
}
