import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config/schema.js';
import { buildDoctorContext } from '../../doctor/context.js';
import { runChecks } from '../../doctor/index.js';
import type { Store } from '../../store/types.js';
import { auditRow, auditWindow } from './audit-window.js';
import { buildOverview, RANGES, spendWindowStart, type RangeName } from './overview.js';
import { parseOr400 } from './reply.js';

export interface ReadRouteDeps {
  readonly store: Store;
  /** The config serving requests now (a reload replaces it). */
  readonly config: () => Config;
  readonly stateDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Asks the running app for the CORS headers a foreign origin would get. */
  readonly probeCors: () => Promise<string | undefined>;
}

const environmentFilter = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/).optional();
const isoTime = z.iso.datetime({ offset: true });

const overviewQuery = z.strictObject({
  range: z.enum(Object.keys(RANGES) as [RangeName, ...RangeName[]]).default('24h'),
  environment: environmentFilter,
});

const auditQuery = z.strictObject({
  from: isoTime.optional(),
  to: isoTime.optional(),
  environment: environmentFilter,
  keyId: z.string().regex(/^key_[A-Za-z0-9]{1,64}$/).optional(),
  status: z.coerce.number().int().min(100).max(599).optional(),
  errorCode: z.string().regex(/^[a-z_]{1,64}$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const alertsQuery = z.strictObject({
  since: isoTime.optional(),
  kind: z.string().regex(/^[a-z_]{1,64}$/).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The views that only read: session, overview, audit search, alerts, checklist. */
export function registerReadRoutes(api: FastifyInstance, deps: ReadRouteDeps): void {
  const { store } = deps;

  api.get('/session', () => Promise.resolve({ environments: Object.keys(deps.config().environments), store: store.kind, ranges: Object.keys(RANGES) }));

  api.get('/overview', async (request, reply) => {
    const query = parseOr400(overviewQuery, request.query, reply);
    if (!query) return reply;
    const now = new Date();
    const config = deps.config();
    const from = new Date(spendWindowStart(query.range, now, config.budgets.timeZone));
    const { events, truncated } = await auditWindow(store, { from, to: now, environment: query.environment });
    return buildOverview(events, { config, range: query.range, now, environment: query.environment, truncated });
  });

  api.get('/audit', async (request, reply) => {
    const query = parseOr400(auditQuery, request.query, reply);
    if (!query) return reply;
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 86_400_000);
    const { events, truncated } = await auditWindow(store, { from, to, environment: query.environment, keyId: query.keyId, status: query.status, errorCode: query.errorCode }, query.limit);
    return { events: events.map(auditRow), truncated };
  });

  api.get('/alerts', async (request, reply) => {
    const query = parseOr400(alertsQuery, request.query, reply);
    if (!query) return reply;
    const alerts = await store.listAlerts({ since: query.since ? new Date(query.since) : undefined, kind: query.kind, limit: query.limit });
    return { alerts };
  });

  api.get('/checklist', async () => {
    const allowOrigin = await deps.probeCors();
    const ctx = await buildDoctorContext({
      config: deps.config(),
      env: deps.env,
      stateDir: deps.stateDir,
      listKeys: () => store.listKeys(),
      cors: { target: 'this gateway (in-process)', allowOrigin },
    });
    return { results: runChecks(ctx), checkedAt: ctx.now.toISOString() };
  });
}
