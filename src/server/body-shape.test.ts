import { describe, expect, it } from 'vitest';
import { requestLimitsConfig } from '../config/request-limits.js';
import { checkBodyShape } from './body-shape.js';

const limits = { ...requestLimitsConfig.parse({}), maxMessages: 3, maxContentParts: 2, maxTools: 2, maxArrayItems: 5, maxModelChars: 10 };
const codeOf = (body: unknown): string | undefined => checkBodyShape(body, limits)?.code;
const items = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('checkBodyShape', () => {
  it('accepts bodies within every limit, and non-objects (refused elsewhere)', () => {
    expect(codeOf({ model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text' }, { type: 'text' }] }], tools: items(2) })).toBeUndefined();
    for (const body of [null, 42, 'x', [1, 2, 3, 4, 5, 6, 7]]) expect(codeOf(body)).toBeUndefined();
  });

  it('applies each named limit to its own array, and the general one elsewhere', () => {
    expect(codeOf({ messages: items(4) })).toBe('array_too_long');
    expect(codeOf({ input: [{}, {}, {}, {}] })).toBe('array_too_long');
    // Embedding inputs (strings or token arrays) are not a conversation: the general limit holds.
    expect(codeOf({ input: ['a', 'b', 'c', 'd', 'e'] })).toBeUndefined();
    expect(codeOf({ input: items(6) })).toBe('array_too_long');
    expect(codeOf({ input: [items(6)] })).toBe('array_too_long');
    expect(codeOf({ messages: [{ content: items(3) }] })).toBe('array_too_long');
    expect(codeOf({ system: items(3) })).toBe('array_too_long');
    expect(codeOf({ tools: items(3) })).toBe('array_too_long');
    expect(codeOf({ stop: items(6) })).toBe('array_too_long');
    expect(codeOf({ metadata: { deep: { list: items(6) } } })).toBe('array_too_long');
    // Arrays inside a message other than its content follow the general limit.
    expect(codeOf({ messages: [{ content: 'x', tool_calls: items(6) }] })).toBe('array_too_long');
  });

  it('names the offending field in the message', () => {
    expect(checkBodyShape({ messages: [{}, { content: items(3) }] }, limits)?.message).toContain('"messages[1].content" has 3 items; at most 2');
  });

  it('bounds the model name', () => {
    expect(codeOf({ model: 'x'.repeat(11) })).toBe('string_too_long');
    expect(codeOf({ model: 'x'.repeat(10) })).toBeUndefined();
  });

  it('refuses prototype-pollution keys wherever they are', () => {
    expect(codeOf(JSON.parse('{"__proto__":{"a":1}}'))).toBe('forbidden_json_key');
    expect(codeOf(JSON.parse('{"messages":[{"x":{"__proto__":null}}]}'))).toBe('forbidden_json_key');
    expect(codeOf({ a: { constructor: { prototype: {} } } })).toBe('forbidden_json_key');
    expect(codeOf({ a: { constructor: 'fine', prototype: 'fine' } })).toBeUndefined();
  });
});
