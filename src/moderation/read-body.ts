import type { UpstreamResponse } from '../upstream/client.js';
import { discardBody } from '../upstream/client.js';

/**
 * Reads a response body up to `maxBytes`; undefined when it is larger. A moderation answer is
 * about 1.5 KB per input, so anything far beyond that is not one and is not held in memory.
 * On the oversize path the rest is discarded, so the connection does not stay half-read.
 */
export async function readBodyBounded(response: UpstreamResponse, maxBytes: number): Promise<string | undefined> {
  const declared = Number(response.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    discardBody(response.body);
    return undefined;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) {
      discardBody(response.body);
      return undefined;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
