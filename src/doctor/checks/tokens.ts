import { result, type Check } from '../types.js';

/**
 * Output caps cannot be switched off in Portcullis: the output-cap stage writes
 * `defaultMaxOutputTokens` into every request that sets none and clamps or refuses larger ones.
 * The check reports the values in force and fails only when a default exceeds its own maximum.
 */
export const outputCaps: Check = {
  id: 'output-caps',
  title: 'Output caps always set',
  run(ctx) {
    const parts: string[] = [];
    const bad: string[] = [];
    for (const [name, env] of Object.entries(ctx.config.environments)) {
      const t = env.tokens;
      parts.push(`${name}: default ${String(t.defaultMaxOutputTokens)}, max ${String(t.maxOutputTokens)} (${t.overMaxOutput})`);
      if (t.defaultMaxOutputTokens > t.maxOutputTokens) bad.push(name);
    }
    if (bad.length > 0) {
      return result(this, 'fail', `defaultMaxOutputTokens above maxOutputTokens in ${bad.join(', ')} (the maximum wins, but the config is misleading).`,
        'Set `environments.<env>.tokens.defaultMaxOutputTokens` at or below `maxOutputTokens`.');
    }
    return result(this, 'pass', `Every request gets an output cap. ${parts.join('; ')}.`);
  },
};

export const inputLengthLimit: Check = {
  id: 'input-length-limit',
  title: 'Input length limit',
  run(ctx) {
    const parts = Object.entries(ctx.config.environments).map(([name, env]) => `${name}: ${String(env.tokens.maxInputTokens)} tokens`);
    const mib = (ctx.config.server.bodyLimitBytes / 1_048_576).toFixed(1);
    return result(this, 'pass', `Inputs are counted before forwarding (${parts.join('; ')}); bodies above ${mib} MiB are refused.`);
  },
};
