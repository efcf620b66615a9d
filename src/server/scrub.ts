/**
 * Provider error bodies are forwarded, but never with a credential in them: OpenAI echoes a
 * masked key ("sk-proj-****abcd") on auth errors, and a misbehaving upstream could echo more.
 */
const KEY_SHAPES = /(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_*-]{4,}(?:\.[A-Za-z0-9_*-]+)*|(?<![A-Za-z0-9_])pcl_[a-z0-9-]+_[0-9A-Za-z]{8,}/g;

export function scrubSecrets(text: string, providerKey: string): string {
  const withoutKey = providerKey.length >= 8 ? text.split(providerKey).join('[redacted]') : text;
  return withoutKey.replace(KEY_SHAPES, '[redacted]');
}
