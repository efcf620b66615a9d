import type { Endpoint } from '../../providers/routes.js';
import { arr, obj, type Json } from '../../providers/json.js';

/** Roles by which a client gives the model instructions of its own. */
const INSTRUCTION_ROLES = new Set(['system', 'developer']);

/** Whether the body carries system instructions from the client, and where. */
export function clientInstructionPaths(endpoint: Endpoint, body: Json): string[] {
  const paths: string[] = [];
  if (endpoint === 'chat_completions') {
    arr(body.messages).forEach((m, i) => {
      if (INSTRUCTION_ROLES.has(String(obj(m)?.role))) paths.push(`messages[${i}]`);
    });
  } else if (endpoint === 'responses') {
    if (body.instructions !== undefined && body.instructions !== null) paths.push('instructions');
    arr(body.input).forEach((item, i) => {
      if (INSTRUCTION_ROLES.has(String(obj(item)?.role))) paths.push(`input[${i}]`);
    });
  } else if (endpoint === 'messages' || endpoint === 'count_tokens') {
    if (body.system !== undefined && body.system !== null) paths.push('system');
  }
  return paths;
}

/** Removes the client's own system instructions (policy `strip`). */
export function stripClientInstructions(endpoint: Endpoint, body: Json): void {
  if (endpoint === 'chat_completions') {
    body.messages = arr(body.messages).filter((m) => !INSTRUCTION_ROLES.has(String(obj(m)?.role)));
  } else if (endpoint === 'responses') {
    delete body.instructions;
    if (Array.isArray(body.input)) body.input = body.input.filter((item) => !INSTRUCTION_ROLES.has(String(obj(item)?.role)));
  } else {
    delete body.system;
  }
}

/**
 * Places the managed prompt first, ahead of whatever instructions the client kept (policy
 * `allow`), in each API's own place for it.
 */
export function placeManagedPrompt(endpoint: Endpoint, body: Json, prompt: string): void {
  if (endpoint === 'chat_completions') {
    body.messages = [{ role: 'system', content: prompt }, ...arr(body.messages)];
  } else if (endpoint === 'responses') {
    body.instructions = typeof body.instructions === 'string' && body.instructions !== '' ? `${prompt}\n\n${body.instructions}` : prompt;
  } else if (typeof body.system === 'string' && body.system !== '') {
    body.system = `${prompt}\n\n${body.system}`;
  } else if (Array.isArray(body.system)) {
    body.system = [{ type: 'text', text: prompt }, ...(body.system as unknown[])];
  } else {
    body.system = prompt;
  }
}
