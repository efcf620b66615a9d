import { Secret } from './secret.js';
import { SecretError, type SecretSource } from './types.js';

/** `env:NAME` — for development; `doctor` warns when a production environment uses it. */
export function createEnvSource(env: NodeJS.ProcessEnv = process.env): SecretSource {
  return {
    scheme: 'env',
    read(name, ref) {
      const value = env[name];
      if (value === undefined || value.trim() === '') {
        return Promise.reject(new SecretError(`secret ${ref}: environment variable ${name} is not set`));
      }
      return Promise.resolve(new Secret(value.trim(), ref));
    },
  };
}
