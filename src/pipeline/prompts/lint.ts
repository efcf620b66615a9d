import { isIP } from 'node:net';
import { findSecrets } from '../../detect/secrets/index.js';
import { isPrivateAddress } from '../../upstream/egress.js';

/** One problem in a managed prompt: what it looks like and where (never the matched text). */
export interface PromptLintFinding {
  readonly line: number;
  readonly what: string;
}

/** Names that only resolve inside a private network. */
const INTERNAL_HOST = /\b(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:internal|local|localdomain|corp|lan|intranet|private|home\.arpa|svc\.cluster\.local))\b/giu;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/gu;
const IPV6 = /(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/giu;

/**
 * A system prompt is sent to the model with every request, and prompt injection can make a model
 * repeat it: whatever is in it must be safe to publish. Credentials, connection strings and
 * internal addresses are refused at start, with the prompt's line, before any request is served.
 */
export function lintPrompt(text: string): PromptLintFinding[] {
  const findings: PromptLintFinding[] = [];
  const lineOf = lineLocator(text);
  for (const match of findSecrets(text)) findings.push({ line: lineOf(match.start), what: `a credential (${match.rule})` });
  for (const match of text.matchAll(INTERNAL_HOST)) findings.push({ line: lineOf(match.index), what: 'an internal host name' });
  for (const match of text.matchAll(IPV4)) {
    if (isIP(match[0]) === 4 && isPrivateAddress(match[0])) findings.push({ line: lineOf(match.index), what: 'a private or loopback IP address' });
  }
  for (const match of text.matchAll(IPV6)) {
    if (isIP(match[0]) === 6 && isPrivateAddress(match[0])) findings.push({ line: lineOf(match.index), what: 'a private or loopback IPv6 address' });
  }
  return findings.sort((a, b) => a.line - b.line);
}

function lineLocator(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
