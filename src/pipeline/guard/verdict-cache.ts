import { createHash } from 'node:crypto';

/**
 * Remembers detector results by a hash of the text. A conversation resends its whole history
 * every turn, so most messages of a request were already scanned on the turn before; hashing a
 * message costs far less than scanning it again. Bounded: cleared when full.
 */
export function createVerdictCache<V>(maxEntries: number): (text: string, compute: (text: string) => V) => V {
  const entries = new Map<string, V>();
  return (text, compute) => {
    // Short texts are their own key; long ones are keyed by a digest so the cache stays small.
    const key = text.length <= 64 ? `t:${text}` : `h:${createHash('sha256').update(text, 'utf8').digest('base64')}`;
    const known = entries.get(key);
    if (known !== undefined) return known;
    const value = compute(text);
    if (entries.size >= maxEntries) entries.clear();
    entries.set(key, value);
    return value;
  };
}
