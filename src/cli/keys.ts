import { parseArgs } from 'node:util';
import { parseDuration } from '../keys/duration.js';
import { issueKey, rotateKeySecret } from '../keys/issue.js';
import type { GatewayKeyRecord } from '../store/types.js';
import { loadCliConfig, withStore } from './context.js';
import { UsageError, type CliIo } from './io.js';

export const KEYS_USAGE = `portcullis keys create --name NAME --env ENV [--user ID] [--expires 90d] [--models m1,m2] [--json]
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
      const { record, key } = await withStore(config, (store) =>
        issueKey(store, { name: values.name!, environment: values.env!, user: values.user, expiresInMs, allowedModels }),
      );
      if (values.json) io.out(JSON.stringify({ id: record.id, key }));
      else {
        io.out(`Created ${record.id} (${record.name}, environment ${record.environment}${record.expiresAt ? `, expires ${record.expiresAt}` : ''}).`);
        io.out(`Key (shown once, store it now): ${key}`);
      }
      return 0;
    }
    case 'list': {
      const keys = await withStore(config, (store) => store.listKeys());
      if (values.json) io.out(JSON.stringify(keys));
      else io.out(formatKeyTable(keys, new Date()));
      return 0;
    }
    case 'revoke': {
      const id = positionals[0];
      if (!id) throw new UsageError('keys revoke needs a key id');
      const found = await withStore(config, (store) => store.revokeKey(id, new Date()));
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
      const { key, previousValidUntil: until } = await withStore(config, (store) => rotateKeySecret(store, id, graceMs));
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
