import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { AuditEvent } from '../audit/event.js';
import { createPseudonymizer, loadOrCreatePseudonymSecret } from '../audit/pseudonymize.js';
import type { Config } from '../config/schema.js';
import { parseDuration } from '../keys/duration.js';
import { createSecretResolver } from '../secrets/resolve.js';
import { loadCliConfig, withStore } from './context.js';
import { UsageError, type CliIo } from './io.js';

/** How many of the newest events `--follow` re-reads each second. */
const FOLLOW_WINDOW = 1000;

export const AUDIT_USAGE = `portcullis audit tail [-n 20] [--follow] [--json]
portcullis audit query [--since 1h|ISO-TIME] [--key KEY_ID] [--user USER_ID] [--limit 100] [--json]
(--user takes the raw end-user id or its u_… pseudonym; both take --config FILE)`;

export async function auditCommand(argv: string[], io: CliIo, signal?: AbortSignal): Promise<number> {
  const [sub, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      config: { type: 'string' },
      n: { type: 'string', short: 'n', default: '20' },
      follow: { type: 'boolean', short: 'f', default: false },
      since: { type: 'string' },
      key: { type: 'string' },
      user: { type: 'string' },
      limit: { type: 'string', default: '100' },
      json: { type: 'boolean', default: false },
    },
  });
  const config = loadCliConfig(values.config, io);
  const print = (events: readonly AuditEvent[]): void => {
    for (const e of events) io.out(values.json ? JSON.stringify(e) : formatEvent(e));
  };

  switch (sub) {
    case 'tail':
      return withStore(config, io, async (store) => {
        const first = await store.queryAudit({ limit: positiveInt(values.n, '-n') });
        print([...first].reverse());
        if (!values.follow) return 0;
        // Events are stamped with their start time but stored when they end (a long stream lands
        // after shorter requests that began later), so follow by "not printed yet", not by time.
        const seen = new Set(first.map((e) => e.requestId));
        while (!signal?.aborted) {
          await sleep(1000, undefined, { signal }).catch(() => undefined);
          const next = (await store.queryAudit({ limit: FOLLOW_WINDOW })).reverse().filter((e) => !seen.has(e.requestId));
          for (const e of next) seen.add(e.requestId);
          if (seen.size > 4 * FOLLOW_WINDOW) for (const id of [...seen].slice(0, seen.size - 2 * FOLLOW_WINDOW)) seen.delete(id);
          print(next);
        }
        return 0;
      });
    case 'query': {
      const user = values.user ? await userPseudonym(values.user, config) : undefined;
      return withStore(config, io, async (store) => {
        const events = await store.queryAudit({
          since: values.since ? parseSince(values.since) : undefined,
          keyId: values.key,
          user,
          limit: positiveInt(values.limit, '--limit'),
        });
        print(events);
        return 0;
      });
    }
    default:
      throw new UsageError(`unknown audit command "${sub ?? ''}"`);
  }
}

/** The audit stores only pseudonyms; a raw id is pseudonymized with the gateway's own key. */
async function userPseudonym(user: string, config: Config): Promise<string> {
  if (/^u_[0-9a-f]{32}$/.test(user)) return user;
  const secret = config.audit.pseudonymSecret
    ? (await createSecretResolver().resolve(config.audit.pseudonymSecret)).reveal()
    : loadOrCreatePseudonymSecret(config.dataDir);
  return createPseudonymizer(secret)(user);
}

function parseSince(text: string): Date {
  if (/^\d+\s*[smhdw]$/.test(text)) return new Date(Date.now() - parseDuration(text));
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--since "${text}" is neither a duration (1h) nor a time`);
  return date;
}

function positiveInt(text: string | undefined, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} takes a positive whole number`);
  return n;
}

function formatEvent(e: AuditEvent): string {
  const tokens = e.tokens.input === null && e.tokens.output === null ? '' : ` tokens=${e.tokens.input ?? '?'}/${e.tokens.output ?? '?'}`;
  return `${e.time} ${e.requestId} ${e.status} ${e.decision}${e.errorCode ? `(${e.errorCode})` : ''} ${e.endpoint} key=${e.keyId ?? '-'} env=${e.environment ?? '-'} user=${e.user ?? '-'} model=${e.model ?? '-'}${e.streamed ? ' stream' : ''}${tokens} ${e.latencyMs.toFixed(1)}ms`;
}
