import { createHash } from 'node:crypto';

/**
 * The deterministic held-back split of the development data. A row is held back (never trained
 * on, never used to pick thresholds) iff the first byte of sha256("portcullis-holdback:" + key)
 * is below 64, i.e. about 25%. key = lower-cased, whitespace-collapsed text, the same dedup key
 * the data README uses. The salt matters: the data's own held-out split used the unsalted hash,
 * so unsalted first bytes of dev rows are all >= 0x66 and would not split evenly.
 */
export function splitKey(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

export function isHeldBack(text: string): boolean {
  const digest = createHash('sha256').update('portcullis-holdback:' + splitKey(text)).digest();
  return digest[0]! < 64;
}
