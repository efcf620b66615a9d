import { parseArgs } from 'node:util';
import { parseDuration } from '../keys/duration.js';
import { issueKey, rotateKeySecret } from '../keys/issue.js';
import type { GatewayKeyRecord, KeyLimits } from '../store/types.js';
import { loadCliConfig, withStore } from './context.js';
import { UsageError, type CliIo } from './io.js';

export const KEYS_USAGE = `portcullis keys create --name NAME --env ENV [--user ID] [--expires 90d] [--models m1,m2]
                       [--rpm N] [--tpm N] [--max-concurrency N] [--budget-usd AMOUNT/day|month] [--json]
portcullis keys list [--json]
portcullis keys revoke ID
portcullis keys rotate ID [--grace 24h] [--json]
(every keys command takes --config FILE)`;

export async function keysCommand(argv: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      name: { type: 'string' },
      env: { type: 'string' },
      user: { type: 'string' },
      expires: { type: 'string' },
      models: { type: 'string' },
      grace: { type: 'string' },
      rpm: { type: 'string' },
      tpm: { type: 'string' },
      'max-concurrency': { type: 'string' },
      'budget-usd': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const config = loadCliConfig(values.config, io);

  switch (sub) {
    case 'create': {
      if (!values.name || !values.env) throw new UsageError('keys create needs --name and --env');
      if (!(values.env in config.environments)) {
        throw new UsageError(`environment "${values.env}" is not in the configuration (known: ${Object.keys(config.environments).join(', ')})`);
      }
      const expiresInMs = values.expires ? parseDuration(values.expires) : undefined;
      const allowedModels = values.models?.split(',').map((m) => m.trim()).filter(Boolean);
      const limits = parseKeyLimits(values);
      const { record, key } = await withStore(config, io, (store) =>
        issueKey(store, { name: values.name!, environment: values.env!, user: values.user, expiresInMs, allowedModels, limits }),
      );
      if (values.json) io.out(JSON.stringify({ id: record.id, key }));
      else {
        io.out(`Created ${record.id} (${record.name}, environment ${record.environment}${record.expiresAt ? `, expires ${record.expiresAt}` : ''}).`);
        io.out(`Key (shown once, store it now): ${key}`);
      }
      return 0;
    }
    case 'list': {
      const keys = await withStore(config, io, (store) => store.listKeys());
      if (values.json) io.out(JSON.stringify(keys));
      else io.out(formatKeyTable(keys, new Date()));
      return 0;
    }
    case 'revoke': {
      const id = positionals[0];
      if (!id) throw new UsageError('keys revoke needs a key id');
      const found = await withStore(config, io, (store) => store.revokeKey(id, new Date()));
      if (!found) {
        io.err(`no key ${id}`);
        return 1;
      }
      io.out(`Revoked ${id}.`);
      return 0;
    }
    case 'rotate': {
      const id = positionals[0];
      if (!id) throw new UsageError('keys rotate needs a key id');
      const graceMs = parseDuration(values.grace ?? '24h');
      const { key, previousValidUntil: until } = await withStore(config, io, (store) => rotateKeySecret(store, id, graceMs));
      if (values.json) io.out(JSON.stringify({ id, key, previousValidUntil: until }));
      else {
        io.out(`Rotated ${id}; the previous key stays valid until ${until}.`);
        io.out(`New key (shown once, store it now): ${key}`);
      }
      return 0;
    }
    default:
      throw new UsageError(`unknown keys command "${sub ?? ''}"`);
  }
}

function formatKeyTable(keys: readonly GatewayKeyRecord[], now: Date): string {
  if (keys.length === 0) return 'No gateway keys. Create one with: portcullis keys create --name NAME --env ENV';
  const rows = keys.map((k) => [
    k.id,
    k.name,
    k.environment,
    k.user ?? '-',
    k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt <= now.toISOString() ? 'expired' : 'active',
    k.createdAt.slice(0, 19),
    k.expiresAt?.slice(0, 19) ?? '-',
  ]);
  const header = ['ID', 'NAME', 'ENV', 'USER', 'STATUS', 'CREATED', 'EXPIRES'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

function parseKeyLimits(values: { rpm?: string; tpm?: string; 'max-concurrency'?: string; 'budget-usd'?: string }): KeyLimits {
  const whole = (text: string | undefined, flag: string): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} takes a positive whole number`);
    return n;
  };
  const limits: { -readonly [K in keyof KeyLimits]: KeyLimits[K] } = {};
  const rpm = whole(values.rpm, '--rpm');
  const tpm = whole(values.tpm, '--tpm');
  const concurrency = whole(values['max-concurrency'], '--max-concurrency');
  if (rpm !== undefined) limits.requestsPerMinute = rpm;
  if (tpm !== undefined) limits.tokensPerMinute = tpm;
  if (concurrency !== undefined) limits.maxConcurrent = concurrency;
  if (values['budget-usd'] !== undefined) {
    const match = /^(\d+(?:\.\d+)?)\/(day|month)$/.exec(values['budget-usd']);
    if (!match || Number(match[1]) <= 0) throw new UsageError('--budget-usd takes AMOUNT/day or AMOUNT/month, e.g. 25/month');
    limits.budgetUsd = { amount: Number(match[1]), period: match[2] as 'day' | 'month' };
  }
  return limits;
}
