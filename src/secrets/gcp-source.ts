import type { GcpConfig } from '../config/secrets.js';
import { managerError, selectField, splitField } from './reference.js';
import { SecretError, type SecretSource } from './types.js';

type SecretManagerModule = typeof import('@google-cloud/secret-manager');
type Client = InstanceType<SecretManagerModule['SecretManagerServiceClient']>;
type ClientOptions = NonNullable<ConstructorParameters<SecretManagerModule['SecretManagerServiceClient']>[0]>;

export interface GcpSourceOptions extends Pick<GcpConfig, 'project'>, Partial<Omit<GcpConfig, 'project'>> {
  /** An auth client to use instead of Application Default Credentials (tests, custom setups). */
  readonly authClient?: ClientOptions['authClient'];
}

/**
 * `gcp:NAME[/VERSION][#FIELD]` or `gcp:projects/P/secrets/NAME[/versions/V][#FIELD]` — Google
 * Secret Manager's AccessSecretVersion (`latest` unless a version is named). The client runs on
 * its REST transport (`fallback`), which needs no gRPC and lets `endpoint` be any HTTP(S) URL.
 * The version's createTime (GetSecretVersion; needs `secretmanager.versions.get`, which the
 * Secret Accessor role lacks) gives the key's age; without that permission the age is unknown.
 */
export function createGcpSource(options: GcpSourceOptions): SecretSource {
  let loading: Promise<Client> | undefined;
  const timeoutMs = options.timeoutMs ?? 5_000;

  const load = (): Promise<Client> =>
    (loading ??= import('@google-cloud/secret-manager').then((mod) => {
      const endpoint = options.endpoint ? new URL(options.endpoint) : undefined;
      return new mod.SecretManagerServiceClient({
        fallback: true,
        projectId: options.project,
        ...(endpoint
          ? { apiEndpoint: endpoint.hostname, port: Number(endpoint.port || (endpoint.protocol === 'http:' ? 80 : 443)), protocol: endpoint.protocol.slice(0, -1) }
          : {}),
        ...(options.authClient ? { authClient: options.authClient } : {}),
      });
    }));

  return {
    scheme: 'gcp',
    async read(name, ref) {
      const { path, field } = splitField(name);
      const versionName = versionPath(path, options.project);
      if (!versionName) {
        throw new SecretError(`secret ${ref}: expected gcp:NAME, gcp:NAME/VERSION or gcp:projects/P/secrets/NAME[/versions/V]`);
      }
      try {
        const client = await load();
        const [access] = await client.accessSecretVersion({ name: versionName }, { timeout: timeoutMs, maxRetries: 1 });
        const data = access.payload?.data;
        if (data === undefined || data === null) throw new SecretError(`secret ${ref}: the version has no payload`);
        const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
        // `latest` resolves to a numbered version; its name says which one is in use.
        const resolved = access.name ?? versionName;
        const createdAt = await createTime(client, resolved, timeoutMs);
        return selectField(text, field, ref, { version: resolved.split('/').at(-1) ?? null, createdAt });
      } catch (err) {
        throw managerError(ref, 'GCP Secret Manager', err);
      }
    },
    async close() {
      if (loading) await (await loading).close();
    },
  };
}

/** The full version resource name of a reference, or undefined when it is malformed. */
export function versionPath(path: string, project: string): string | undefined {
  const full = /^projects\/([^/]+)\/secrets\/([^/]+)(?:\/versions\/([^/]+))?$/.exec(path);
  if (full) return `projects/${full[1]!}/secrets/${full[2]!}/versions/${full[3] ?? 'latest'}`;
  const short = /^([A-Za-z0-9_-]{1,255})(?:\/([A-Za-z0-9_-]+))?$/.exec(path);
  if (short) return `projects/${project}/secrets/${short[1]!}/versions/${short[2] ?? 'latest'}`;
  return undefined;
}

async function createTime(client: Client, name: string, timeoutMs: number): Promise<Date | null> {
  try {
    const [version] = await client.getSecretVersion({ name }, { timeout: timeoutMs, maxRetries: 0 });
    const seconds = version.createTime?.seconds;
    if (seconds === undefined || seconds === null) return null;
    return new Date(Number(seconds) * 1000 + Math.floor((version.createTime?.nanos ?? 0) / 1e6));
  } catch {
    // Reading metadata needs more than the Secret Accessor role; the age is then unknown.
    return null;
  }
}
