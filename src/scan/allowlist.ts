import { readFile } from 'node:fs/promises';
import { globToRegExp } from './glob.js';
import { isScanRule, type ScanRule } from './rules.js';
import type { Finding } from './types.js';

/**
 * Known false positives, one entry a line (`#` starts a comment):
 *
 *   fingerprint 3f9a0c1d2e4b5a6978877665   # the documented test key
 *   path test/fixtures/**                  # every rule under test/fixtures
 *   path docs/*.md  jwt,password-assignment
 *
 * A fingerprint entry drops that value wherever it is found; a path entry drops findings whose
 * path matches the glob, for every rule or only the listed ones. Globs: see glob.ts.
 */
export interface AllowList {
  readonly fingerprints: ReadonlySet<string>;
  readonly paths: readonly { readonly glob: RegExp; readonly rules?: ReadonlySet<ScanRule> }[];
}

export const EMPTY_ALLOWLIST: AllowList = { fingerprints: new Set(), paths: [] };

export class AllowListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AllowListError';
  }
}

export function parseAllowList(text: string, source = 'allow-list'): AllowList {
  const fingerprints = new Set<string>();
  const paths: { glob: RegExp; rules?: Set<ScanRule> }[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(?:^|\s)#.*$/, '').trim();
    if (line === '') return;
    const where = `${source}:${String(index + 1)}`;
    const [kind, value, rules, ...extra] = line.split(/\s+/);
    if (value === undefined || extra.length > 0) throw new AllowListError(`${where}: expected "fingerprint <hex>" or "path <glob> [rule,…]"`);
    if (kind === 'fingerprint') {
      if (!/^[0-9a-f]{24}$/.test(value) || rules !== undefined) throw new AllowListError(`${where}: a fingerprint is 24 lowercase hex characters, as the report prints it`);
      fingerprints.add(value);
    } else if (kind === 'path') {
      const ruleSet = rules === undefined ? undefined : new Set(rules.split(',').map((r) => {
        if (!isScanRule(r)) throw new AllowListError(`${where}: unknown rule "${r}"`);
        return r;
      }));
      paths.push(ruleSet === undefined ? { glob: globToRegExp(value) } : { glob: globToRegExp(value), rules: ruleSet });
    } else {
      throw new AllowListError(`${where}: unknown entry "${kind ?? ''}" (use "fingerprint" or "path")`);
    }
  });
  return { fingerprints, paths };
}

export async function loadAllowList(file: string): Promise<AllowList> {
  const text = await readFile(file, 'utf8').catch((err: unknown) => {
    throw new AllowListError(`cannot read allow-list ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  });
  return parseAllowList(text, file);
}

export function isAllowed(list: AllowList, finding: Pick<Finding, 'rule' | 'path' | 'fingerprint'>): boolean {
  if (list.fingerprints.has(finding.fingerprint)) return true;
  return list.paths.some((p) => (p.rules === undefined || p.rules.has(finding.rule)) && p.glob.test(finding.path));
}
