import { shannonEntropy } from '../detect/secrets/entropy.js';
import { isPlaceholder } from '../detect/secrets/placeholder.js';
import type { Span } from '../detect/secrets/index.js';

/**
 * Azure OpenAI (Cognitive Services) keys are 32 hex characters with no prefix, so on their own
 * they look like any MD5 or UUID without dashes. In a file they sit next to what they unlock: an
 * `*.openai.azure.com` endpoint, an `AZURE_OPENAI_*` variable or the `api-key` header. A 32-hex
 * token counts only with such a word within {@link AZURE_NEAR_CHARS} before or after it. Not in the
 * output guard: a model's answer rarely has that context and a false redaction there costs more.
 */
export const AZURE_NEAR_CHARS = 300;

const CANDIDATE = /(?<![0-9A-Za-z_-])(?:[0-9a-f]{32}|[0-9A-F]{32})(?![0-9A-Za-z_-])/g;
const PREFILTER = /azure|api-key|cognitiveservices|ocp-apim/i;
const CONTEXT = /azure|cognitiveservices|(?<![A-Za-z_-])api-key(?![A-Za-z_-])|ocp-apim-subscription-key/i;
// Hashes and ids name themselves; the key itself is labelled "key".
const HASH_LABEL = /(?:md5|sha1?|hash|checksum|etag|digest|integrity|uuid|guid|(?<![a-z])id)["']?\s{0,3}[:=]\s{0,3}["']?$/i;

export function findAzureOpenAiKeys(text: string): Span[] {
  // Most files never mention Azure: one cheap pass for the words saves the candidate search,
  // which has no literal to look for and is the slow part on large bundles.
  if (!PREFILTER.test(text)) return [];
  const out: Span[] = [];
  for (const m of text.matchAll(CANDIDATE)) {
    const start = m.index;
    const end = start + 32;
    const value = m[0];
    // Random hex mixes letters and digits, at nearly 4 bits per character.
    if (!/[0-9]/.test(value) || !/[a-f]/i.test(value) || shannonEntropy(value) < 3.2 || isPlaceholder(value)) continue;
    if (HASH_LABEL.test(text.slice(Math.max(0, start - 24), start))) continue;
    const around = text.slice(Math.max(0, start - AZURE_NEAR_CHARS), Math.min(text.length, end + AZURE_NEAR_CHARS));
    if (CONTEXT.test(around)) out.push({ start, end });
  }
  return out;
}
