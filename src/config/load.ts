import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { configSchema, type Config, type ConfigInput } from './schema.js';
import { closestName } from './closest-name.js';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validates once and freezes: the running gateway never sees a half-valid or mutable config. */
export function parseConfig(input: unknown, source = 'config'): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) throw new ConfigError(formatIssues(result.error, source));
  return deepFreeze(result.data);
}

/** The config the gateway runs with: the file (or the embedded default) plus env overrides. */
export function loadConfig(path: string | undefined, env: NodeJS.ProcessEnv = process.env): Config {
  return parseConfig(applyEnvOverrides(readConfigInput(path, env), env), path ?? 'the embedded default');
}

/**
 * The embedded default: one `dev` environment, with OpenAI and Anthropic taken from the usual
 * environment variables when they are set. With neither, the mock provider serves (see mockProvider).
 */
export function defaultConfigInput(env: NodeJS.ProcessEnv = process.env): ConfigInput {
  const providers: Record<string, unknown> = {};
  if (env.OPENAI_API_KEY) providers.openai = { type: 'openai', apiKey: 'env:OPENAI_API_KEY' };
  if (env.ANTHROPIC_API_KEY) providers.anthropic = { apiKey: 'env:ANTHROPIC_API_KEY' };
  return { environments: { dev: { providers } } };
}

/** Applies the documented environment variables over a config (they win over the file). */
export function applyEnvOverrides(input: ConfigInput, env: NodeJS.ProcessEnv = process.env): ConfigInput {
  const out = { ...input, server: { ...(input.server ?? {}) } } as ConfigInput & { server: Record<string, unknown> };
  if (env.PORTCULLIS_DATA_DIR) out.dataDir = env.PORTCULLIS_DATA_DIR;
  if (env.PORTCULLIS_PORT) out.server.port = Number(env.PORTCULLIS_PORT);
  if (env.PORTCULLIS_HOST) out.server.host = env.PORTCULLIS_HOST;
  return out;
}

export function readConfigInput(path: string | undefined, env: NodeJS.ProcessEnv = process.env): ConfigInput {
  if (!path) return defaultConfigInput(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  try {
    return ((path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) ?? {}) as ConfigInput;
  } catch (err) {
    throw new ConfigError(`${path}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`);
  }
}

function formatIssues(error: z.ZodError, source: string): string {
  const lines = error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeysAt(issue.path);
      return issue.keys
        .map((key) => {
          const hint = closestName(key, known);
          return `${where === '(top level)' ? key : `${where}.${key}`}: unknown option${hint ? ` (did you mean "${hint}"?)` : ''}`;
        })
        .join('\n  ');
    }
    return `${where}: ${issue.message}`;
  });
  return `invalid configuration in ${source}:\n  ${lines.join('\n  ')}`;
}

/** The option names the schema knows at a path, for "did you mean" hints. */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let schema: unknown = configSchema;
  for (const segment of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, unknown>)[String(segment)];
    else if (schema instanceof z.ZodRecord) schema = schema.valueType;
    else if (schema instanceof z.ZodUnion) {
      // Follow the variant that has this option.
      schema = (schema.options as unknown[]).map(unwrap).find((o) => o instanceof z.ZodObject && String(segment) in o.shape);
      if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, unknown>)[String(segment)];
    } else return [];
  }
  return keysOf(unwrap(schema));
}

/** Option names of an object, or of every object a union may be (the provider `type` variants). */
function keysOf(schema: unknown): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodUnion) return [...new Set((schema.options as unknown[]).flatMap((o) => keysOf(unwrap(o))))];
  return [];
}

function unwrap(schema: unknown): unknown {
  let current = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodOptional || current instanceof z.ZodPipe) {
    current = current instanceof z.ZodPipe ? current.in : current.unwrap();
  }
  return current;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
