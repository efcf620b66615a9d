import { isJwtHeader } from './jwt.js';
import { isPlaceholder } from './placeholder.js';
import { looksLikeSecretValue, looksRandom } from './shape.js';

/**
 * The secret rules, one entry per kind. Every pattern is linear-time on attacker-controlled text:
 * no nested or overlapping quantifiers, and every repetition has an upper bound, so a 100 KB run
 * of `sk-sk-sk-…` costs at most (bound × length) steps. The bound also caps the match length
 * that {@link SECRETS_MAX_MATCH_CHARS} promises the streaming layer.
 * Formats: provider docs and the public token formats GitHub secret scanning documents.
 */
export type SecretRule =
  | 'openai-key'
  | 'anthropic-key'
  | 'portcullis-key'
  | 'aws-access-key-id'
  | 'aws-secret-key'
  | 'gcp-api-key'
  | 'gcp-private-key-id'
  | 'azure-storage-key'
  | 'azure-sas-signature'
  | 'github-token'
  | 'slack-token'
  | 'stripe-key'
  | 'private-key'
  | 'jwt'
  | 'password-assignment'
  | 'connection-string-password';

export interface PatternRule {
  readonly id: SecretRule;
  /** Global, and with the `d` flag when `group` is set. */
  readonly pattern: RegExp;
  /** Capture group that is the secret (default: the whole match). */
  readonly group?: number;
  /** The part of the match the shape test applies to (default: the secret span). */
  readonly valueGroup?: number;
  /** Extra test on the secret; `text` and `start` allow a look at the surroundings. */
  readonly validate?: (value: string, text: string, start: number) => boolean;
}

/** How far back a context-dependent rule looks (SAS `sv=` before `sig=`, AWS id near its secret). */
export const CONTEXT_LOOKBACK_CHARS = 600;

const SAS_CONTEXT = /[?&;]sv=\d{4}-\d\d-\d\d|[?&;]s[eprt]=/;

// Values people use in docs for a connection-string password.
// Letters only around a password-ish word: "password", "authpassword", "somepassword", "mysecret"
// (measured: every connection-string hit in the READMEs under node_modules was one of these).
// Also the public defaults (RabbitMQ guest:guest, root, admin): in documentation, not secrets.
const DOC_PASSWORDS = /^[A-Za-z_-]*(?:pass(?:word)?|passwd|pwd|secret)[A-Za-z_-]*$|^(?:pw|guest|admin|root|test)$/i;

export const PATTERN_RULES: readonly PatternRule[] = [
  {
    id: 'anthropic-key',
    pattern: /(?<![A-Za-z0-9_-])sk-ant-(?:api|admin|oat|ort)\d\d-([A-Za-z0-9_-]{32,200})/dg,
    valueGroup: 1,
    validate: (v) => looksRandom(v),
  },
  {
    // sk-…, sk-proj-…, sk-svcacct-…, sk-admin-…; `sk-ant-` belongs to the rule above.
    id: 'openai-key',
    pattern: /(?<![A-Za-z0-9_-])sk-(?!ant-)(?:(?:proj|svcacct|admin)-)?([A-Za-z0-9_-]{20,250})/dg,
    valueGroup: 1,
    validate: (v) => looksRandom(v),
  },
  {
    // src/secrets/gateway-key.ts GATEWAY_KEY_PATTERN, unanchored: pcl_<env>_<base62, 43 today>.
    id: 'portcullis-key',
    pattern: /(?<![A-Za-z0-9_])pcl_[a-z0-9][a-z0-9-]{0,31}_([0-9A-Za-z]{40,64})(?![0-9A-Za-z])/dg,
    valueGroup: 1,
    validate: (v) => !isPlaceholder(v),
  },
  {
    // Access key ids are 20 characters of base32 after a type prefix (AKIA long-term, ASIA STS, …).
    id: 'aws-access-key-id',
    pattern: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z2-7]{16}(?![A-Z0-9])/g,
    validate: (v) => !isPlaceholder(v),
  },
  {
    id: 'aws-secret-key',
    pattern:
      /(?<![A-Za-z0-9])(?:aws_?)?secret_?access_?key["']?\s{0,3}(?:=|:|=>)\s{0,3}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dgi,
    group: 1,
    validate: (v) => looksRandom(v, 4),
  },
  {
    id: 'gcp-api-key',
    pattern: /(?<![A-Za-z0-9_-])AIza([0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/dg,
    valueGroup: 1,
    validate: (v) => !isPlaceholder(v),
  },
  {
    id: 'gcp-private-key-id',
    pattern: /"private_key_id"\s{0,5}:\s{0,5}"([0-9a-f]{40})"/dg,
    group: 1,
  },
  {
    // Storage account keys are 64 random bytes in base64 (88 chars); Service Bus/Event Hubs 32 bytes.
    id: 'azure-storage-key',
    pattern: /(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{40,100}={0,2})/dg,
    group: 1,
    validate: (v) => looksRandom(v),
  },
  {
    // A SAS token is useless without its signature, so the signature alone is redacted; a `sig=`
    // counts only with other SAS parameters just before it (sv=, se=, sp=, sr=, st=).
    id: 'azure-sas-signature',
    pattern: /(?<![A-Za-z0-9])sig=([A-Za-z0-9%+/]{30,150}(?:=|%3[Dd]){0,2})/dg,
    group: 1,
    validate: (_v, text, start) => SAS_CONTEXT.test(text.slice(Math.max(0, start - CONTEXT_LOOKBACK_CHARS), start)),
  },
  {
    id: 'github-token',
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_([A-Za-z0-9]{36,76})|github_pat_([A-Za-z0-9_]{50,120}))(?![A-Za-z0-9_])/dg,
    validate: (v) => looksRandom(v.replace(/^(?:gh[pousr]_|github_pat_)/, '')),
  },
  {
    id: 'slack-token',
    pattern: /(?<![A-Za-z0-9-])xox[abpr]-[0-9]{6,20}-([0-9A-Za-z-]{8,150})/dg,
    valueGroup: 1,
    validate: (v) => !isPlaceholder(v),
  },
  {
    id: 'stripe-key',
    pattern: /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_([0-9A-Za-z]{16,250})/dg,
    valueGroup: 1,
    validate: (v) => looksRandom(v),
  },
  {
    // Header must start with `{"` (base64url "eyJ") and decode to JSON with "alg".
    id: 'jwt',
    pattern: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{5,1000})\.[A-Za-z0-9_-]{5,4000}\.[A-Za-z0-9_-]{0,1000}/dg,
    valueGroup: 1,
    validate: (v) => isJwtHeader(v),
  },
  {
    // `password = "…"`, `API_KEY: …`, `"client_secret": "…"`; only the value is the secret.
    id: 'password-assignment',
    pattern:
      /(?<![A-Za-z])(?:password|passwd|pwd|passphrase|secret|api[_-]?key|access[_-]?key|access[_-]?token|auth[_-]?token|refresh[_-]?token|bearer[_-]?token|client[_-]?secret|private[_-]?key|secret[_-]?key)["']?\s{0,3}(?:=|:|=>|:=)\s{0,3}["'`]?([^\s"'`,;<>]{8,128})/dgi,
    group: 1,
    validate: (v) => looksLikeSecretValue(v),
  },
  {
    // scheme://user:password@host: the password is the secret; host and user stay readable.
    id: 'connection-string-password',
    pattern:
      /(?<![A-Za-z0-9+.-])(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|jdbc:[a-z]{2,12}):\/\/[^\s:@/]{0,128}:([^\s@/]{1,128})@(?=[A-Za-z0-9[])/dg,
    group: 1,
    validate: (v) => !DOC_PASSWORDS.test(v) && !/^[<{$]|^\.{3}$|^\*+$|^x+$/i.test(v) && !isPlaceholder(v),
  },
];
