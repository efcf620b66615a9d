import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Pseudonymizer = (userId: string) => string;

/**
 * End-user ids are pseudonymized with a keyed hash (HMAC-SHA256): without the key, a plain hash
 * of an email address is reversed by hashing a list of addresses.
 */
export function createPseudonymizer(secret: string): Pseudonymizer {
  // The same users come back request after request; remember recent pseudonyms (bounded).
  const recent = new Map<string, string>();
  return (userId) => {
    const known = recent.get(userId);
    if (known !== undefined) return known;
    const pseudonym = `u_${createHmac('sha256', secret).update(userId, 'utf8').digest('hex').slice(0, 32)}`;
    if (recent.size >= 10_000) recent.clear();
    recent.set(userId, pseudonym);
    return pseudonym;
  };
}

/**
 * The key from the data dir, made on first start (0600), so pseudonyms stay stable across
 * restarts without the operator having to configure one.
 */
export function loadOrCreatePseudonymSecret(dataDir: string): string {
  const path = join(dataDir, 'pseudonym.key');
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    // Another process (a worker, the CLI) made it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(path, 'utf8').trim();
    throw err;
  }
}
