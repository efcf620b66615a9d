import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { instantiateText, unknownTransforms } from './transforms.js';
import type { Attack, AttackCategory, AttackLibrary, Oracle, RunValues } from './types.js';

/**
 * The shipped library sits at the package root (`redteam/attacks/`), next to `dist/` and `src/`,
 * so the same relative path works from the compiled CLI and from the sources under test.
 */
export const BUILT_IN_ATTACKS_DIR = fileURLToPath(new URL('../../redteam/attacks/', import.meta.url));

const text = z.string().min(1).max(64 * 1024);
const turn = z.discriminatedUnion('role', [
  z.strictObject({ role: z.enum(['user', 'assistant']), content: text }),
  z.strictObject({ role: z.literal('tool'), name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/), arguments: z.record(z.string(), z.unknown()).default({}), content: text }),
  z.strictObject({ role: z.literal('document'), title: z.string().min(1).max(200), content: text }),
]);
const oracle = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('canary') }),
  z.strictObject({ type: z.literal('marker'), marker: z.string().min(4) }),
  z.strictObject({ type: z.literal('follows'), pattern: z.string().min(1), flags: z.string().regex(/^[imsu]*$/).optional(), description: z.string().min(1) }),
  z.strictObject({ type: z.literal('image-exfil'), host: z.string().min(1) }),
  z.strictObject({ type: z.literal('judge'), question: z.string().min(1) }),
]);
const attack = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/),
  goal: z.string().min(1).max(300),
  owasp: z.array(z.string().regex(/^LLM(0[1-9]|10)$/)).min(1),
  turns: z.array(turn).min(1).max(200),
  oracles: z.array(oracle).min(1),
});
const categoryFile = z.strictObject({
  category: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string().min(1),
  description: z.string().min(1),
  attacks: z.array(attack).min(1),
});

export class AttackLibraryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttackLibraryError';
  }
}

/** Reads every `*.json` category file of a directory (sorted by name) and its `VERSION`. */
export async function loadAttackLibrary(dir: string = BUILT_IN_ATTACKS_DIR): Promise<AttackLibrary> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
  } catch (err) {
    throw new AttackLibraryError(`cannot read the attack library at ${dir}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (names.length === 0) throw new AttackLibraryError(`no attack files (*.json) in ${dir}`);
  const version = (await readFile(join(dir, 'VERSION'), 'utf8').catch(() => 'unversioned')).trim();
  const categories: AttackCategory[] = [];
  const ids = new Set<string>();
  for (const name of names) {
    const raw = await readFile(join(dir, name), 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (err) {
      throw new AttackLibraryError(`${name}: not valid JSON (${(err as Error).message})`);
    }
    const parsed = categoryFile.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new AttackLibraryError(`${name}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
    }
    const file = parsed.data;
    for (const a of file.attacks) {
      if (!a.id.startsWith(`${file.category}/`)) throw new AttackLibraryError(`${name}: attack id ${a.id} must start with "${file.category}/"`);
      if (ids.has(a.id)) throw new AttackLibraryError(`${name}: duplicate attack id ${a.id}`);
      ids.add(a.id);
      checkAttack(name, a);
    }
    categories.push({
      id: file.category,
      title: file.title,
      description: file.description,
      attacks: file.attacks.map((a) => ({ ...a, category: file.category, turns: a.turns, oracles: a.oracles })),
    });
  }
  return { version, categories };
}

function checkAttack(file: string, a: z.infer<typeof attack>): void {
  const templates = [...a.turns.map((t) => t.content), ...a.oracles.map((o) => JSON.stringify(o))];
  for (const template of templates) {
    const unknown = unknownTransforms(template);
    if (unknown.length > 0) throw new AttackLibraryError(`${file}: ${a.id}: unknown transform ${unknown[0]!}`);
  }
  if (!a.oracles.some((o) => o.type !== 'judge')) {
    throw new AttackLibraryError(`${file}: ${a.id}: needs at least one oracle that works without a judge model`);
  }
  for (const o of a.oracles) {
    if (o.type !== 'follows') continue;
    try {
      new RegExp(o.pattern, o.flags);
    } catch {
      throw new AttackLibraryError(`${file}: ${a.id}: follows.pattern is not a valid regular expression`);
    }
  }
}

/** The attack with this run's values filled in and its obfuscations applied. */
export function instantiateAttack(a: Attack, values: RunValues): Attack {
  const vars = { marker: values.marker, exfilHost: values.exfilHost, secret: values.secret };
  const fill = (s: string): string => instantiateText(s, vars);
  return {
    ...a,
    turns: a.turns.map((t) => ({ ...t, content: fill(t.content) })),
    oracles: a.oracles.map((o): Oracle => {
      switch (o.type) {
        case 'marker':
          return { ...o, marker: fill(o.marker) };
        case 'image-exfil':
          return { ...o, host: fill(o.host) };
        case 'follows':
          return { ...o, pattern: fill(o.pattern) };
        default:
          return o;
      }
    }),
  };
}

/** Only the categories named (all when the list is empty); an unknown name is an error. */
export function selectCategories(library: AttackLibrary, names: readonly string[]): AttackLibrary {
  if (names.length === 0) return library;
  const known = new Set(library.categories.map((c) => c.id));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) throw new AttackLibraryError(`unknown attack category ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  return { ...library, categories: library.categories.filter((c) => names.includes(c.id)) };
}
