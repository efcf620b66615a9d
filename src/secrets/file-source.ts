import { open } from 'node:fs/promises';
import { Secret } from './secret.js';
import { SecretError, type SecretSource } from './types.js';

/**
 * `file:PATH` — mounted secrets (Docker/Kubernetes secrets, systemd credentials). The file's
 * modification time stands in for the version's creation time: Kubernetes rewrites a mounted
 * secret when it changes, so the rotation policy can see its age.
 */
export function createFileSource(): SecretSource {
  return {
    scheme: 'file',
    async read(path, ref) {
      let text: string;
      let modified: Date;
      try {
        const file = await open(path, 'r');
        try {
          modified = (await file.stat()).mtime;
          text = await file.readFile('utf8');
        } finally {
          await file.close();
        }
      } catch (err) {
        throw new SecretError(`secret ${ref}: cannot read file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      // Files usually end in a newline that is not part of the key.
      const value = text.trim();
      if (value === '') throw new SecretError(`secret ${ref}: file is empty`);
      return new Secret(value, ref, { createdAt: modified });
    },
  };
}
