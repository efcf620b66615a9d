import { createHmac } from 'node:crypto';

/**
 * A stable id for a leaked value, for the allow-list and for SARIF's partialFingerprints: a keyed
 * hash (HMAC-SHA-256, 96 bits shown), so a report never lets anyone confirm a guessed secret —
 * short passwords could be guessed from a plain hash. The key defaults to a fixed string, which
 * keeps fingerprints the same on every machine; a team that uploads reports somewhere public sets
 * PORTCULLIS_SCAN_FINGERPRINT_KEY everywhere it scans (allow-lists then use that key's values).
 * The rule and location are not part of it: the same test key allowed once is allowed everywhere.
 */
export const DEFAULT_FINGERPRINT_KEY = 'portcullis-scan-v1';

export type Fingerprinter = (secret: string) => string;

export function fingerprinter(key: string = DEFAULT_FINGERPRINT_KEY): Fingerprinter {
  return (secret) => createHmac('sha256', key).update(secret, 'utf8').digest('hex').slice(0, 24);
}
