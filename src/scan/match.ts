import { findSecrets } from '../detect/secrets/index.js';
import { resolveOverlaps } from '../detect/secrets/span.js';
import { findAzureOpenAiKeys } from './azure-openai.js';
import type { ScanRule } from './rules.js';

export interface LeakMatch {
  readonly rule: ScanRule;
  readonly start: number;
  readonly end: number;
}

/**
 * Every secret in `text`: the output guard's detectors plus the context rule for Azure OpenAI
 * keys. Where both claim the same span (`api-key: "<32 hex>"` is also a key-like assignment), the
 * more specific Azure rule wins (lower priority number).
 */
export function findLeaks(text: string): LeakMatch[] {
  const azure = findAzureOpenAiKeys(text).map((s) => ({ rule: 'azure-openai-key' as const, ...s, priority: 0 }));
  const found = findSecrets(text).map((m) => ({ ...m, priority: 1 }));
  if (azure.length === 0) return found.map(({ rule, start, end }) => ({ rule, start, end }));
  return resolveOverlaps<LeakMatch & { priority: number }>([...azure, ...found]).map(({ rule, start, end }) => ({ rule, start, end }));
}
