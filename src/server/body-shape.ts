import type { RequestLimitsConfig } from '../config/request-limits.js';
import { GatewayError } from '../errors.js';

type ShapeLimits = Pick<RequestLimitsConfig, 'maxMessages' | 'maxContentParts' | 'maxTools' | 'maxArrayItems' | 'maxModelChars'>;

/**
 * Checks a parsed JSON body against the per-request count limits and refuses prototype-pollution
 * keys. It runs once per body, right after JSON.parse, so no stage ever walks a million-item
 * `messages` array or meets an own `__proto__` key (JSON.parse creates one as a plain property;
 * a later `Object.assign` or merge would turn it into a prototype change).
 *
 * The walk is iterative and the depth is already bounded by `maxJsonDepth`.
 */
export function checkBodyShape(body: unknown, limits: ShapeLimits): GatewayError | undefined {
  if (!isObject(body)) return undefined;
  const named = namedArrayLimits(body, limits);
  const model = body.model;
  if (typeof model === 'string' && model.length > limits.maxModelChars) {
    return new GatewayError('string_too_long', `"model" is longer than ${limits.maxModelChars} characters.`);
  }
  const limitOf = (value: object): number => (Array.isArray(value) ? (named.get(value) ?? limits.maxArrayItems) : limits.maxArrayItems);
  // [value, path, limit for this value when it is an array]
  const stack: [unknown, string, number][] = [[body, '', limits.maxArrayItems]];
  while (stack.length > 0) {
    const [value, path, limit] = stack.pop()!;
    if (Array.isArray(value)) {
      if (value.length > limit) {
        return new GatewayError('array_too_long', `"${path}" has ${value.length} items; at most ${limit} are accepted.`);
      }
      for (let i = value.length - 1; i >= 0; i--) {
        const child: unknown = value[i];
        if (typeof child === 'object' && child !== null) stack.push([child, `${path}[${i}]`, limitOf(child)]);
      }
    } else if (isObject(value)) {
      for (const key of Object.keys(value)) {
        if (key === '__proto__' || (key === 'constructor' && isObject(value[key]) && Object.hasOwn(value[key], 'prototype'))) {
          return new GatewayError('forbidden_json_key', `The body has a forbidden key "${key}" at "${path || '(top level)'}".`);
        }
        const child = value[key];
        if (typeof child === 'object' && child !== null) {
          stack.push([child, path ? `${path}.${key}` : key, limitOf(child)]);
        }
      }
    }
  }
  return undefined;
}

/**
 * The arrays with their own limits: the conversation (`messages`, Responses `input`), each
 * message's content parts, Anthropic's `system` blocks, and `tools`. Keyed by array identity so
 * the walk above applies them wherever it meets them.
 */
function namedArrayLimits(body: Record<string, unknown>, limits: ShapeLimits): Map<unknown[], number> {
  const named = new Map<unknown[], number>();
  if (Array.isArray(body.tools)) named.set(body.tools, limits.maxTools);
  if (Array.isArray(body.system)) named.set(body.system, limits.maxContentParts);
  for (const conversation of [body.messages, body.input]) {
    if (!Array.isArray(conversation)) continue;
    // Embeddings' `input` is a list of strings or token arrays, limited like any array.
    if (conversation === body.input && !conversation.some(isObject)) continue;
    named.set(conversation, limits.maxMessages);
    // Bounded by the check on the conversation itself before the parts are looked at.
    if (conversation.length > limits.maxMessages) continue;
    for (const message of conversation) {
      if (isObject(message) && Array.isArray(message.content)) named.set(message.content, limits.maxContentParts);
    }
  }
  return named;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
