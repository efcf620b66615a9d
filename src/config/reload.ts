import { isDeepStrictEqual } from 'node:util';
import type { Config } from './schema.js';

/**
 * What a config reload (SIGHUP) may change without a restart: the settings the per-request
 * pipeline, the providers and the upstream client are built from. A reload builds those afresh
 * for new requests; everything else — the listener, the stores, the audit sinks, the log, the
 * admin page, monitoring — is made once at start and must stay the same, or the reload is refused
 * as a whole (a half-applied config would be harder to reason about than none). Sections added
 * later are restart-only until they are listed here.
 */
const RELOADABLE_TOP_LEVEL: readonly (keyof Config)[] = [
  'environments',
  'budgets',
  'pricing',
  'prompts',
  'filterProfiles',
  'egress',
  'upstream',
];

/** Reloadable fields of sections that are otherwise restart-only. */
const RELOADABLE_FIELDS: Partial<Record<keyof Config, readonly string[]>> = {
  server: ['shutdownGraceMs', 'shutdownDrainMs'],
  // Everything but `limits.store`: the counter store stays open across a reload.
  limits: ['global', 'onStoreError', 'concurrencyLeaseMs'],
};

/** The dotted paths of restart-only settings that differ; empty when `next` can be applied live. */
export function restartOnlyChanges(running: Config, next: Config): string[] {
  const changed: string[] = [];
  const keys = new Set([...Object.keys(running), ...Object.keys(next)] as (keyof Config)[]);
  for (const key of keys) {
    if (RELOADABLE_TOP_LEVEL.includes(key)) continue;
    const a = running[key] as unknown;
    const b = next[key] as unknown;
    const fields = RELOADABLE_FIELDS[key];
    if (fields && isRecord(a) && isRecord(b)) {
      for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (!fields.includes(field) && !isDeepStrictEqual(a[field], b[field])) changed.push(`${key}.${field}`);
      }
    } else if (!isDeepStrictEqual(a, b)) {
      changed.push(key);
    }
  }
  return changed;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
