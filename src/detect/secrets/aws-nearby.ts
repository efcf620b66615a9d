import type { Span } from './span.js';
import { looksRandom } from './shape.js';

/**
 * An AWS secret access key is 40 characters of base64 with no prefix, so on its own it is
 * indistinguishable from any hash. Next to an access key id (AKIA…/ASIA…), as in a pasted
 * credentials file or `aws configure` output, it is a secret: accept a random-looking 40-character
 * token within {@link AWS_NEAR_CHARS} of a key id, before or after it.
 */
export const AWS_NEAR_CHARS = 300;

const CANDIDATE = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;

export function findAwsSecretsNearKeyIds(text: string, keyIds: readonly Span[]): Span[] {
  if (keyIds.length === 0) return [];
  const out: Span[] = [];
  let k = 0;
  for (const m of text.matchAll(CANDIDATE)) {
    const start = m.index;
    const end = start + 40;
    // keyIds are sorted; skip those that end too far before this candidate.
    while (k < keyIds.length && keyIds[k]!.end + AWS_NEAR_CHARS < start) k++;
    const id = keyIds[k];
    if (id === undefined || id.start > end + AWS_NEAR_CHARS) continue;
    if (/[A-Z]/.test(m[0]) && /[a-z]/.test(m[0]) && looksRandom(m[0], 4)) out.push({ start, end });
  }
  return out;
}
