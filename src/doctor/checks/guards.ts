import { listNames } from '../environments.js';
import { result, type Check } from '../types.js';

/** Per-key overrides that switch a guard off, named `env/key_…`. */
function keysTurningOff(envs: Record<string, { guard: { perKey: Record<string, { injection?: { action?: string }; moderation?: { enabled?: boolean; action?: string } }> } }>, which: 'injection' | 'moderation'): string[] {
  const out: string[] = [];
  for (const [name, env] of Object.entries(envs)) {
    for (const [keyId, o] of Object.entries(env.guard.perKey)) {
      const off = which === 'injection' ? o.injection?.action === 'off' : o.moderation?.enabled === false || o.moderation?.action === 'off';
      if (off) out.push(`${name}/${keyId}`);
    }
  }
  return out;
}

export const injectionDetection: Check = {
  id: 'injection-detection',
  title: 'Prompt-injection detection on',
  run(ctx) {
    const off = Object.entries(ctx.config.environments).filter(([, env]) => env.guard.injection.action === 'off').map(([n]) => n);
    const keys = keysTurningOff(ctx.config.environments, 'injection');
    if (off.length > 0 || keys.length > 0) {
      return result(this, 'fail', `Injection detection is off in ${listNames([...off, ...keys])}.`,
        'Set `environments.<env>.guard.injection.action: block` (or `flag`), and remove per-key `action: off` overrides.');
    }
    const modes = [...new Set(Object.values(ctx.config.environments).map((env) => env.guard.injection.action))].join('/');
    return result(this, 'pass', `Injection detection runs in every environment (${modes}).`);
  },
};

export const moderationOn: Check = {
  id: 'moderation',
  title: 'Moderation on',
  run(ctx) {
    const off: string[] = [];
    const noProvider: string[] = [];
    for (const [name, env] of Object.entries(ctx.config.environments)) {
      const m = env.guard.moderation;
      if (!m.enabled || m.action === 'off') off.push(name);
      // Moderation calls the environment's own OpenAI provider; Azure and Anthropic-only skip it.
      else if (env.providers.openai?.type !== 'openai') noProvider.push(name);
    }
    const keys = keysTurningOff(ctx.config.environments, 'moderation');
    if (off.length > 0 || keys.length > 0) {
      return result(this, 'fail', `Moderation is off in ${listNames([...off, ...keys])}.`,
        'Set `environments.<env>.guard.moderation: { enabled: true, action: block }` (it needs an OpenAI provider in that environment).');
    }
    if (noProvider.length > 0) {
      return result(this, 'fail', `Moderation is enabled but skipped in ${listNames(noProvider)}: no OpenAI (type: openai) provider there.`,
        'Add an `openai` provider (type: openai) to that environment so the moderation endpoint can be called.');
    }
    return result(this, 'pass', 'OpenAI moderation runs before the main call in every environment.');
  },
};

export const outputSanitizing: Check = {
  id: 'output-sanitizing',
  title: 'Output sanitizing',
  run(ctx) {
    const weak: string[] = [];
    const htmlOff: string[] = [];
    for (const [name, env] of Object.entries(ctx.config.environments)) {
      const o = env.output;
      if (o.secrets.action === 'off' || o.secrets.action === 'log') weak.push(`${name} secrets=${o.secrets.action}`);
      if (o.links.action === 'off' || o.links.action === 'log') weak.push(`${name} links=${o.links.action}`);
      if (o.html.action === 'off') htmlOff.push(name);
    }
    if (weak.length > 0) {
      return result(this, 'fail', `Output guard stages that only log or are off: ${listNames(weak)}.`,
        'Set `environments.<env>.output.secrets.action: redact` and `output.links.action: strip` (or `block`).');
    }
    const html = htmlOff.length > 0 ? ` HTML sanitizing is off in ${listNames(htmlOff)}: turn on output.html.action: sanitize where output is rendered as HTML.` : ' HTML is sanitized.';
    return result(this, 'pass', `Secrets are redacted and exfiltration links stripped in every environment.${html}`);
  },
};
