import { isProductionEnvironment, listNames, MANAGER_SCHEMES, providerKeyEntries, schemeOf } from '../environments.js';
import { result, type Check } from '../types.js';

const MANAGERS: ReadonlySet<string> = new Set(MANAGER_SCHEMES);
const DAY_MS = 86_400_000;

export const providerKeysFromSecretsManager: Check = {
  id: 'provider-keys-secrets-manager',
  title: 'Provider keys from a secrets manager',
  run(ctx) {
    const entries = providerKeyEntries(ctx.config);
    if (entries.length === 0) {
      return result(this, 'warn', 'No provider is configured: the built-in mock provider answers.', 'Configure providers with keys from a secrets manager (vault:, aws:, azure:, gcp:).');
    }
    const production = entries.filter((e) => isProductionEnvironment(ctx.config, e.environment));
    if (production.length === 0) {
      return result(this, 'warn', `No environment counts as production (none is listed in secrets.productionEnvironments or named prod, production, prod-…), so nothing is held to the secrets-manager rule; ${String(entries.length)} provider keys use ${[...new Set(entries.map((e) => `${schemeOf(e.ref)}:`))].join(', ')}.`,
        'If one of these environments serves production, list it in `secrets.productionEnvironments` and read its keys from a secrets manager (vault:, aws:, azure:, gcp:).');
    }
    const envInProd: string[] = [];
    const fileInProd: string[] = [];
    const devOnly: string[] = [];
    for (const e of entries) {
      const scheme = schemeOf(e.ref);
      if (MANAGERS.has(scheme)) continue;
      const where = `${e.place} (${scheme}:)`;
      if (!isProductionEnvironment(ctx.config, e.environment)) devOnly.push(where);
      else if (scheme === 'file') fileInProd.push(where);
      else envInProd.push(where);
    }
    if (envInProd.length > 0) {
      return result(this, 'fail', `Production provider keys read from environment variables: ${listNames(envInProd)}.`,
        'Store the key in Vault, AWS Secrets Manager, Azure Key Vault or GCP Secret Manager and reference it (e.g. `apiKey: aws:prod/openai#api_key`).');
    }
    if (fileInProd.length > 0) {
      return result(this, 'warn', `Production provider keys read from mounted files: ${listNames(fileInProd)}. Fine for orchestrator-managed secrets, but not a secrets manager.`,
        'Prefer a secrets-manager reference (vault:, aws:, azure:, gcp:) so the key is rotated and audited centrally.');
    }
    // Production: `secrets.productionEnvironments`, else environments named prod, production, prod-….
    const note = devOnly.length > 0 ? ` Non-production environments use ${listNames(devOnly)}, acceptable there.` : '';
    return result(this, 'pass', `Production provider keys come from a secrets manager.${note}`);
  },
};

export const separateKeysPerEnvironment: Check = {
  id: 'separate-keys-per-environment',
  title: 'Separate provider keys per environment',
  run(ctx) {
    const entries = providerKeyEntries(ctx.config);
    const envCount = new Set(entries.map((e) => e.environment)).size;
    if (envCount < 2) return result(this, 'pass', envCount === 0 ? 'No provider keys configured.' : 'Only one environment has provider keys.');
    const shared: string[] = [];
    // Same reference in two environments, or two references that resolve to the same key.
    const byRef = new Map<string, string[]>();
    const byPrint = new Map<string, string[]>();
    for (const e of entries) {
      const at = e.place;
      byRef.set(e.ref, [...(byRef.get(e.ref) ?? []), at]);
      const print = ctx.providerKeyFingerprints.get(at);
      if (print !== undefined) byPrint.set(print, [...(byPrint.get(print) ?? []), at]);
    }
    const crossEnv = (places: string[]): boolean => new Set(places.map((p) => p.split('/')[0])).size > 1;
    for (const [ref, places] of byRef) if (crossEnv(places)) shared.push(`${ref} in ${places.join(' and ')}`);
    for (const places of byPrint.values()) {
      if (crossEnv(places) && !shared.some((s) => places.every((p) => s.includes(p)))) shared.push(`the same key value in ${places.join(' and ')}`);
    }
    if (shared.length > 0) {
      return result(this, 'fail', `Environments share a provider key: ${listNames(shared, 3)}.`,
        'Create one provider key (or project) per environment at OpenAI/Anthropic and reference each from its own environment.');
    }
    const compared = ctx.providerKeyFingerprints.size > 0 ? ' (references and resolved values compared)' : ' (references compared; values not readable here)';
    return result(this, 'pass', `Every environment has its own provider keys${compared}.`);
  },
};

export const providerKeyRotationAge: Check = {
  id: 'provider-key-rotation-age',
  title: 'Provider key rotation age',
  run(ctx) {
    const ROTATION_DAYS = ctx.config.secrets.rotationMaxAgeDays;
    const old: string[] = [];
    const unknown: string[] = [];
    let known = 0;
    for (const e of providerKeyEntries(ctx.config)) {
      const ref = e.ref;
      const at = e.place;
      // Only a file's modification time tells the age here; secrets-manager versions carry their
      // own dates, read by `portcullis secrets status` where that command exists.
      const age = schemeOf(ref) === 'file' ? ctx.secretFileAgeMs(ref.slice(5)) : undefined;
      if (age === undefined) unknown.push(at);
      else if (age > ROTATION_DAYS * DAY_MS) old.push(`${at} (${String(Math.floor(age / DAY_MS))} days)`);
      else known += 1;
    }
    if (old.length > 0) {
      return result(this, 'fail', `Provider keys older than ${String(ROTATION_DAYS)} days: ${listNames(old)}.`,
        'Create a new key at the provider, write it to the secret, restart (or wait for refresh), then delete the old key at the provider.');
    }
    if (unknown.length > 0) {
      return result(this, 'warn', `Key age unknown for ${listNames(unknown)} (only file: secrets show their age here)${known > 0 ? `; ${String(known)} checked and recent` : ''}.`,
        `Check the ages (portcullis secrets status shows secrets-manager versions) and rotate keys older than ${String(ROTATION_DAYS)} days.`);
    }
    return result(this, 'pass', known === 0 ? 'No provider keys configured.' : `All ${String(known)} provider key files were changed within ${String(ROTATION_DAYS)} days.`);
  },
};
