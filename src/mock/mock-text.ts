/**
 * The mock's deterministic answer: no model, just enough to see the flow. One word is one output
 * token, and like a real model it stops at the request's output cap.
 */
export function mockReply(prompt: string, maxTokens?: unknown): string {
  const said = prompt.replace(/\s+/g, ' ').trim().slice(0, 160);
  const reply = `Hello from the Portcullis mock provider. You said: ${said || '(nothing)'}`;
  if (typeof maxTokens !== 'number' || maxTokens <= 0) return reply;
  return splitDeltas(reply).slice(0, maxTokens).join('').trimEnd();
}

/** Roughly four characters a token, the usual rule of thumb for English. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Splits a reply into stream deltas that keep their spaces, so joined they give the reply back. */
export function splitDeltas(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [text];
}

/** All text anywhere in a request's messages/input, for the echo and the token estimate. */
export function collectText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(collectText).join(' ');
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.text === 'string') return record.text;
    if ('content' in record) return collectText(record.content);
  }
  return '';
}

/** The last user turn, which the mock echoes. */
export function lastUserText(messages: unknown): string {
  if (typeof messages === 'string') return messages;
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as { role?: unknown } | undefined;
    if (message?.role === 'user' || message?.role === undefined) return collectText(message);
  }
  return '';
}
