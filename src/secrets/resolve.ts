import type { Secret } from './secret.js';
import { createEnvSource } from './env-source.js';
import { createFileSource } from './file-source.js';
import { SecretError, type SecretSource } from './types.js';

export interface SecretResolver {
  resolve(ref: string): Promise<Secret>;
  /** Releases the sources' connections (SDK clients, HTTP pools). */
  close?(): Promise<void>;
}

/** Resolves `scheme:name` references through the registered sources. */
export function createSecretResolver(sources: readonly SecretSource[] = defaultSources()): SecretResolver {
  const byScheme = new Map(sources.map((s) => [s.scheme, s]));
  return {
    resolve(ref) {
      const colon = ref.indexOf(':');
      const scheme = colon > 0 ? ref.slice(0, colon) : '';
      const source = byScheme.get(scheme);
      if (!source) {
        return Promise.reject(
          new SecretError(`secret reference "${scheme}:…" has an unknown scheme (known: ${[...byScheme.keys()].join(', ')})`),
        );
      }
      return source.read(ref.slice(colon + 1), ref);
    },
    async close() {
      await Promise.allSettled(sources.map((s) => s.close?.() ?? Promise.resolve()));
    },
  };
}

export function defaultSources(env: NodeJS.ProcessEnv = process.env): SecretSource[] {
  return [createEnvSource(env), createFileSource()];
}
