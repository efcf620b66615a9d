import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { Config } from '../config/schema.js';
import { readLastRedteamRun } from '../redteam/last-run.js';
import { createSecretResolver, defaultSources } from '../secrets/resolve.js';
import type { GatewayKeyRecord } from '../store/types.js';
import { providerKeyEntries, schemeOf } from './environments.js';
import type { CorsProbe, DoctorContext } from './types.js';

export interface DoctorInputs {
  readonly config: Config;
  readonly env: NodeJS.ProcessEnv;
  /** Where `portcullis redteam` keeps its last-run summary. */
  readonly stateDir: string;
  /** Reads the gateway keys (metadata only); errors are reported by the check, not thrown. */
  readonly listKeys: () => Promise<readonly GatewayKeyRecord[]>;
  readonly cors?: CorsProbe | undefined;
  readonly now?: Date;
}

/** The state directory of `portcullis redteam`: the flag, PORTCULLIS_STATE_DIR, else `.portcullis`. */
export function redteamStateDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? env.PORTCULLIS_STATE_DIR ?? '.portcullis';
}

export async function buildDoctorContext(inputs: DoctorInputs): Promise<DoctorContext> {
  const now = inputs.now ?? new Date();
  let keys: DoctorContext['keys'];
  try {
    keys = await inputs.listKeys();
  } catch (err) {
    keys = { error: (err as Error).message.slice(0, 200) };
  }
  return {
    config: inputs.config,
    now,
    keys,
    lastRedteamRun: await readLastRedteamRun(inputs.stateDir),
    stateDir: inputs.stateDir,
    secretFileAgeMs: (path) => {
      try {
        return now.getTime() - statSync(path).mtimeMs;
      } catch {
        return undefined;
      }
    },
    providerKeyFingerprints: await localKeyFingerprints(inputs.config, inputs.env),
    cors: inputs.cors,
  };
}

/**
 * Short SHA-256 prints of the provider keys that can be read locally (`env:` and `file:`), so two
 * environments holding the same key under different references are caught. Cloud references are
 * not fetched: doctor should not need cloud credentials. The values never leave this function.
 */
async function localKeyFingerprints(config: Config, env: NodeJS.ProcessEnv): Promise<Map<string, string>> {
  const resolver = createSecretResolver(defaultSources(env));
  const out = new Map<string, string>();
  for (const e of providerKeyEntries(config)) {
    if (!['env', 'file'].includes(schemeOf(e.ref))) continue;
    try {
      const secret = await resolver.resolve(e.ref);
      out.set(e.place, createHash('sha256').update(secret.reveal()).digest('hex').slice(0, 16));
    } catch {
      // Unreadable here (not set for this shell): the reference comparison still applies.
    }
  }
  return out;
}

/** A CORS preflight from a made-up foreign origin against a running gateway. */
export async function probeCors(baseUrl: string): Promise<CorsProbe> {
  const url = new URL('/v1/chat/completions', baseUrl);
  const response = await fetch(url, {
    method: 'OPTIONS',
    headers: { origin: 'https://doctor-probe.invalid', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    signal: AbortSignal.timeout(5_000),
  });
  await response.body?.cancel();
  return { target: url.origin, allowOrigin: response.headers.get('access-control-allow-origin') ?? undefined };
}
