import { resolve } from 'node:path';

/** The CLI's state directory: `--state-dir`, else `PORTCULLIS_STATE_DIR`, else `.portcullis` here. */
export function resolveStateDir(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string {
  const chosen = flag ?? (env.PORTCULLIS_STATE_DIR?.trim() ? env.PORTCULLIS_STATE_DIR : undefined) ?? '.portcullis';
  return resolve(cwd, chosen);
}
