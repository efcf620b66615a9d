/**
 * Documentation and model answers are full of key-shaped placeholders (`sk-...`, `sk-xxxxxxxx`,
 * `YOUR_API_KEY`, `<password>`, `${DB_PASS}`). Redacting them is harmless but counting them as
 * leaks makes the metric useless and alerts noisy, so every rule asks this first.
 */
const PLACEHOLDER_WORDS =
  /your|example|sample|placeholder|redacted|insert|replace|dummy|changeme|change_me|fake|test_?key|secret_?key|api_?key|token_?here|here|xxxx|\*\*\*|\.\.\./i;
const TEMPLATE = /^[<{[$%]|[>}\]]$|\$\{|\{\{|%\(|process\.env|os\.environ|getenv|env\[/i;

/** True if `value` (the secret part of a candidate, not its fixed prefix) looks like a placeholder. */
export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_WORDS.test(value) || TEMPLATE.test(value)) return true;
  // One character repeated, or an obvious run like 1234567890 / abcdefgh.
  if (/^(.)\1+$/.test(value)) return true;
  if (/0123456789|123456789|abcdefghij/i.test(value)) return true;
  return false;
}
