import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * A request template for an application that is not an OpenAI- or Anthropic-compatible endpoint
 * (`--template FILE`): where to send the attack, in which body, and where the answer is.
 * `{{prompt}}` is the attack as text, `{{system}}` the system prompt, `"{{messages}}"` (a whole
 * string value) the turns as a `[{role, content}]` array, `{{key}}` the key (headers only).
 */
const templateSchema = z.strictObject({
  url: z.string().min(1).default(''),
  method: z.enum(['POST', 'PUT']).default('POST'),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.unknown(),
  /** Dot path of the answer text in the JSON response (`choices.0.message.content`); the whole body when unset. */
  output: z.string().optional(),
});

export type RequestTemplate = z.infer<typeof templateSchema>;

export async function loadTemplate(path: string): Promise<RequestTemplate> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the request template ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const parsed = templateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`request template ${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  if (parsed.data.body === undefined) throw new Error(`request template ${path}: body is required`);
  return parsed.data;
}

export interface TemplateValues {
  readonly prompt: string;
  readonly system: string;
  readonly messages: readonly { role: string; content: string }[];
}

export function fillBody(value: unknown, values: TemplateValues): unknown {
  if (typeof value === 'string') {
    if (value === '{{messages}}') return values.messages;
    return value.replaceAll('{{prompt}}', values.prompt).replaceAll('{{system}}', values.system);
  }
  if (Array.isArray(value)) return value.map((v) => fillBody(v, values));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillBody(v, values)]));
  return value;
}

export function fillHeaders(headers: Readonly<Record<string, string>>, key: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replaceAll('{{key}}', key)]));
}

export function pickPath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
