import { readFile } from 'node:fs/promises';
import { Secret } from './secret.js';
import { SecretError, type SecretSource } from './types.js';

/** `file:PATH` — mounted secrets (Docker/Kubernetes secrets, systemd credentials). */
export function createFileSource(): SecretSource {
  return {
    scheme: 'file',
    async read(path, ref) {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        throw new SecretError(`secret ${ref}: cannot read file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      // Files usually end in a newline that is not part of the key.
      const value = text.trim();
      if (value === '') throw new SecretError(`secret ${ref}: file is empty`);
      return new Secret(value, ref);
    },
  };
}
