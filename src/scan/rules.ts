import type { SecretRule } from '../detect/secrets/index.js';

/**
 * The scanner's rules: every output-guard secret rule (src/detect/secrets/, the same patterns the
 * gateway redacts responses with) plus the one that needs file context, Azure OpenAI keys.
 */
export type ScanRule = SecretRule | 'azure-openai-key';

interface RuleInfo {
  readonly title: string;
  readonly help: string;
}

const ROTATE = 'Revoke and rotate the credential, then remove it from the file, the build and the git history.';

export const SCAN_RULES: Readonly<Record<ScanRule, RuleInfo>> = {
  'openai-key': { title: 'OpenAI API key', help: `sk-, sk-proj-, sk-svcacct- or sk-admin- key. ${ROTATE}` },
  'anthropic-key': { title: 'Anthropic API key', help: `sk-ant- key. ${ROTATE}` },
  'azure-openai-key': { title: 'Azure OpenAI key', help: `32-hex key next to an Azure endpoint or api-key header. ${ROTATE}` },
  'portcullis-key': { title: 'Portcullis gateway key', help: `pcl_<env>_ key; revoke it with "portcullis keys revoke". ${ROTATE}` },
  'aws-access-key-id': { title: 'AWS access key id', help: `AKIA/ASIA… id; the secret access key is usually next to it. ${ROTATE}` },
  'aws-secret-key': { title: 'AWS secret access key', help: ROTATE },
  'gcp-api-key': { title: 'Google Cloud API key', help: `AIza… key. ${ROTATE}` },
  'gcp-private-key-id': { title: 'Google Cloud service-account key id', help: `private_key_id of a service-account JSON key. ${ROTATE}` },
  'azure-storage-key': { title: 'Azure storage / Service Bus key', help: ROTATE },
  'azure-sas-signature': { title: 'Azure SAS signature', help: ROTATE },
  'github-token': { title: 'GitHub token', help: ROTATE },
  'slack-token': { title: 'Slack token', help: ROTATE },
  'stripe-key': { title: 'Stripe key', help: ROTATE },
  'private-key': { title: 'Private key (PEM)', help: `A PEM private key, e.g. the private_key of a GCP service-account JSON. ${ROTATE}` },
  jwt: { title: 'JSON Web Token', help: 'A signed token; it may still be valid. Remove it and revoke the session if it is.' },
  'password-assignment': { title: 'Secret assigned to a key-like name', help: `A high-entropy value assigned to a name like API_KEY, secret or password. ${ROTATE}` },
  'connection-string-password': { title: 'Password in a connection string', help: ROTATE },
};

export const SCAN_RULE_IDS = Object.keys(SCAN_RULES) as ScanRule[];

export function isScanRule(id: string): id is ScanRule {
  return Object.hasOwn(SCAN_RULES, id);
}
