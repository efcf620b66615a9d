import { readFileSync } from 'node:fs';
import { ConfigError } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { lintPrompt } from './lint.js';

/**
 * Reads every managed prompt once (inline or from its file) and lints it. Any finding stops the
 * start: a prompt with a credential or an internal address in it must not reach a model.
 */
export function loadManagedPrompts(config: Config): ReadonlyMap<string, string> {
  const prompts = new Map<string, string>();
  const problems: string[] = [];
  for (const [name, source] of Object.entries(config.prompts)) {
    let text: string;
    if ('text' in source) text = source.text;
    else {
      try {
        text = readFileSync(source.file, 'utf8');
      } catch (err) {
        problems.push(`prompts.${name}: cannot read ${source.file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
        continue;
      }
    }
    for (const finding of lintPrompt(text)) problems.push(`prompts.${name} line ${String(finding.line)}: contains ${finding.what}; keep secrets and internal addresses out of system prompts`);
    prompts.set(name, text);
  }
  if (problems.length > 0) throw new ConfigError(`refusing to start, managed system prompts failed the lint:\n  ${problems.join('\n  ')}`);
  return prompts;
}
