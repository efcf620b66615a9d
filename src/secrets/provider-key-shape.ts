/**
 * Provider API keys a client must never send to the gateway: OpenAI (`sk-…`, `sk-proj-…`,
 * `sk-svcacct-…`, `sk-admin-…`) and Anthropic (`sk-ant-…`). Refusing them keeps apps from
 * shipping real provider keys "through" the gateway, and keeps them out of our logs.
 */
export function looksLikeProviderKey(token: string): boolean {
  return /^sk-[A-Za-z0-9_-]{8,}/.test(token);
}
