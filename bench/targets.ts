/** What a load generator needs to know about one target. */
export interface Target {
  readonly name: 'direct' | 'reference' | 'gateway';
  readonly url: string;
  /** The bearer token this target expects from its clients. */
  readonly clientKey: string;
}

export const CHAT_PATH = '/v1/chat/completions';

/** A small chat request, as an SDK sends it; it names an end user so per-user limits apply. */
const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello to the benchmark.' }], user: 'bench-user' };
export const CHAT_BODY = JSON.stringify(CHAT);
export const STREAM_BODY = JSON.stringify({ ...CHAT, stream: true });

export function clientHeaders(target: Target): Record<string, string> {
  return { authorization: `Bearer ${target.clientKey}`, 'content-type': 'application/json' };
}
