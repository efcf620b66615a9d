import { parseArgs } from 'node:util';
import { buildDoctorContext, probeCors, redteamStateDir } from '../doctor/context.js';
import { formatChecks } from '../doctor/format.js';
import { runChecks } from '../doctor/index.js';
import { loadCliConfig, withStore } from './context.js';
import type { CliIo } from './io.js';

export const DOCTOR_USAGE = `portcullis doctor [--config FILE] [--strict] [--json] [--url GATEWAY_URL] [--state-dir DIR]
                  (checks the configuration and state against the security checklist; --strict exits 1 on any ✗)`;

export async function doctorCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: 'string' },
      strict: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      url: { type: 'string' },
      'state-dir': { type: 'string' },
    },
  });
  const config = loadCliConfig(values.config, io);
  const cors = values.url === undefined ? undefined : await probeCors(values.url);
  const ctx = await buildDoctorContext({
    config,
    env: io.env,
    stateDir: redteamStateDir(values['state-dir'], io.env),
    listKeys: () => withStore(config, io, (store) => store.listKeys()),
    cors,
  });
  const results = runChecks(ctx);
  io.out(values.json ? JSON.stringify({ results }, null, 2) : formatChecks(results));
  return values.strict && results.some((r) => r.status === 'fail') ? 1 : 0;
}
