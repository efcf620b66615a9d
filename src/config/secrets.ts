import { z } from 'zod';

/**
 * Where secrets come from and how they are kept fresh (docs/secrets.md): the secrets managers'
 * connection settings, refresh, the rotation policy, and the several-keys fields of a provider.
 * Kept apart from schema.ts because it is one concept with its own vocabulary. This file must not
 * import schema.ts at run time (schema.ts imports it).
 */

/**
 * A reference to a secret, never the secret itself. The same form as schema.ts's `secretRef`
 * (kept here too so this file does not import schema.ts).
 */
export const secretReference = z
  .string()
  .regex(/^[a-z]+:.+$/, 'a secret reference such as env:OPENAI_API_KEY or file:/run/secrets/openai');

/** The schemes the gateway reads; the managers among them need their section under `secrets`. */
export const MANAGER_SCHEMES = ['vault', 'aws', 'azure', 'gcp'] as const;
export type ManagerScheme = (typeof MANAGER_SCHEMES)[number];

const httpUrl = z.url({ protocol: /^https?$/ });
/** Credentials a manager needs to log in cannot come from that manager: env: or file: only. */
const bootstrapReference = z
  .string()
  .regex(/^(env|file):.+$/, 'an env: or file: reference (a secrets manager\'s own credential cannot come from a secrets manager)');

const vaultConfig = z.strictObject({
  /** `https://vault.example.com:8200`. */
  address: httpUrl,
  /** Vault Enterprise namespace, sent as X-Vault-Namespace. */
  namespace: z.string().min(1).optional(),
  auth: z.discriminatedUnion('method', [
    z.strictObject({ method: z.literal('token'), token: bootstrapReference }),
    z.strictObject({
      method: z.literal('approle'),
      roleId: z.string().min(1),
      secretId: bootstrapReference,
      /** Where the AppRole auth method is mounted. */
      mount: z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/).default('approle'),
    }),
  ]),
  timeoutMs: z.number().int().positive().default(5_000),
});

const awsConfig = z.strictObject({
  /** Defaults to the SDK's own (AWS_REGION, the shared config file). */
  region: z.string().min(1).optional(),
  /** A VPC endpoint or a local test double; the default is the regional public endpoint. */
  endpoint: httpUrl.optional(),
  timeoutMs: z.number().int().positive().default(5_000),
});

const azureConfig = z.strictObject({
  /** `https://my-vault.vault.azure.net`. */
  vaultUrl: httpUrl,
  /** A user-assigned managed identity's client id, for DefaultAzureCredential. */
  managedIdentityClientId: z.string().min(1).optional(),
  /** For a vault behind a custom domain whose token challenge names another resource. */
  disableChallengeResourceVerification: z.boolean().default(false),
  timeoutMs: z.number().int().positive().default(5_000),
});

const gcpConfig = z.strictObject({
  /** The project that `gcp:NAME` references are read from. */
  project: z.string().min(1),
  /** A private endpoint or a local test double; the default is secretmanager.googleapis.com. */
  endpoint: httpUrl.optional(),
  timeoutMs: z.number().int().positive().default(5_000),
});

const PRODUCTION_NAME = /^prod(uction)?(-|$)/;

export const secretsConfig = z.strictObject({
  vault: vaultConfig.optional(),
  aws: awsConfig.optional(),
  azure: azureConfig.optional(),
  gcp: gcpConfig.optional(),
  /** Every secret is read again this often; 0 turns refresh off (read once, at start). */
  refreshIntervalMs: z.number().int().refine((ms) => ms === 0 || ms >= 100, '0 (off) or at least 100').default(300_000),
  /** A provider key older than this (by the store's version creation time) is warned about. */
  rotationMaxAgeDays: z.number().int().positive().default(90),
  /** A provider key the upstream refused (401/403) is tried last for this long. */
  badKeyCooldownMs: z.number().int().positive().default(600_000),
  /** Environments held to production rules (no env: secrets); default: names `prod`, `production`, `prod-…`. */
  productionEnvironments: z.array(z.string().min(1)).optional(),
  /** Reminders before gateway keys expire (docs/keys.md). */
  gatewayKeys: z
    .strictObject({
      /** An alert is raised once per key when it is this close to `expiresAt`. */
      expiryReminderDays: z.number().int().min(0).default(14),
      checkIntervalMs: z.number().int().min(1_000).default(3_600_000),
    })
    .default({ expiryReminderDays: 14, checkIntervalMs: 3_600_000 }),
});

export type SecretsConfig = z.output<typeof secretsConfig>;
export type VaultConfig = z.output<typeof vaultConfig>;
export type AwsConfig = z.output<typeof awsConfig>;
export type AzureConfig = z.output<typeof azureConfig>;
export type GcpConfig = z.output<typeof gcpConfig>;

export const DEFAULT_SECRETS_CONFIG: SecretsConfig = secretsConfig.parse({});

/** One provider key of several: its reference, a name for status and logs, and a weight. */
const providerKeyEntry = z.strictObject({
  ref: secretReference,
  /** Shown by `secrets status` and in logs; defaults to `key-1`, `key-2`, … by position. */
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'lowercase letters, digits, "_" and "-"').optional(),
  /** With `keySelection: weighted`, the share of requests this key takes. */
  weight: z.number().int().min(1).max(1_000).optional(),
});

/** The key fields every provider has: one `apiKey`, or several `apiKeys`. */
export const providerKeyFields = {
  apiKey: secretReference.optional(),
  apiKeys: z.array(providerKeyEntry).min(1).max(16).optional(),
  /** `ordered`: the first healthy key serves (primary/secondary). `weighted`: healthy keys share by weight. */
  keySelection: z.enum(['ordered', 'weighted']).optional(),
};

interface ProviderKeyInput {
  readonly apiKey?: string | undefined;
  readonly apiKeys?: readonly { readonly ref: string; readonly name?: string | undefined; readonly weight?: number | undefined }[] | undefined;
}

/** A provider needs exactly one of `apiKey` and `apiKeys`, with distinct key names. */
export function checkProviderKeys(provider: ProviderKeyInput, ctx: z.RefinementCtx): void {
  if ((provider.apiKey === undefined) === (provider.apiKeys === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['apiKey'], message: 'set either apiKey (one key) or apiKeys (several keys), not both and not neither' });
    return;
  }
  const names = new Set<string>();
  for (const [i, key] of (provider.apiKeys ?? []).entries()) {
    const name = key.name ?? `key-${i + 1}`;
    if (names.has(name)) ctx.addIssue({ code: 'custom', path: ['apiKeys', i, 'name'], message: `duplicate key name "${name}"` });
    names.add(name);
  }
}

export interface ProviderKeySpec {
  readonly name: string;
  readonly ref: string;
  readonly weight: number;
}

/** A provider's keys in order, the single `apiKey` form included. */
export function providerKeySpecs(provider: ProviderKeyInput): ProviderKeySpec[] {
  if (provider.apiKeys) return provider.apiKeys.map((k, i) => ({ name: k.name ?? `key-${i + 1}`, ref: k.ref, weight: k.weight ?? 1 }));
  return provider.apiKey === undefined ? [] : [{ name: 'primary', ref: provider.apiKey, weight: 1 }];
}

export function schemeOf(ref: string): string {
  const colon = ref.indexOf(':');
  return colon > 0 ? ref.slice(0, colon) : '';
}

export function isProductionEnvironment(name: string, secrets: Pick<SecretsConfig, 'productionEnvironments'>): boolean {
  return secrets.productionEnvironments ? secrets.productionEnvironments.includes(name) : PRODUCTION_NAME.test(name);
}

interface ConfigView {
  readonly secrets: SecretsConfig;
  readonly environments: Readonly<Record<string, { readonly providers: Readonly<Record<string, (ProviderKeyInput & { readonly fallback?: ProviderKeyInput }) | undefined>> }>>;
}

/** Every manager a provider key refers to must have its section under `secrets`. */
export function checkManagersConfigured(config: ConfigView, ctx: z.RefinementCtx): void {
  const check = (keys: ProviderKeyInput, at: readonly (string | number)[]): void => {
    for (const [i, spec] of providerKeySpecs(keys).entries()) {
      const scheme = schemeOf(spec.ref);
      if ((MANAGER_SCHEMES as readonly string[]).includes(scheme) && !config.secrets[scheme as ManagerScheme]) {
        const path = keys.apiKeys ? ['apiKeys', i, 'ref'] : ['apiKey'];
        ctx.addIssue({ code: 'custom', path: [...at, ...path], message: `a ${scheme}: reference needs the secrets.${scheme} section` });
      }
    }
  };
  for (const [envName, env] of Object.entries(config.environments)) {
    for (const [provider, providerConfig] of Object.entries(env.providers)) {
      if (!providerConfig) continue;
      const at = ['environments', envName, 'providers', provider];
      check(providerConfig, at);
      // A fallback deployment has keys of its own (upstream-policy.ts): they need their manager too.
      if (providerConfig.fallback) check(providerConfig.fallback, [...at, 'fallback']);
    }
  }
}
