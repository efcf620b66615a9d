import { inspect, format } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from './secret.js';

const VALUE = 'sk-' + 'q'.repeat(40);
const make = () => new Secret(VALUE, 'env:OPENAI_API_KEY');

describe('Secret', () => {
  it('reveals its value only through reveal()', () => {
    expect(make().reveal()).toBe(VALUE);
    expect(make().ref).toBe('env:OPENAI_API_KEY');
  });

  it('prints as [secret] via String(), toString and template strings', () => {
    const secret = make();
    expect(String(secret)).toBe('[secret]');
    expect(secret.toString()).toBe('[secret]');
    expect(`Bearer ${secret as unknown as string}`).toBe('Bearer [secret]');
    expect('key=' + (secret as unknown as string)).toBe('key=[secret]');
  });

  it('serializes as [secret] in JSON, also when nested', () => {
    expect(JSON.stringify(make())).toBe('"[secret]"');
    const nested = JSON.stringify({ provider: { key: make() }, list: [make()] });
    expect(nested).not.toContain(VALUE);
    expect(JSON.parse(nested)).toEqual({ provider: { key: '[secret]' }, list: ['[secret]'] });
  });

  it('inspects as Secret(ref), also when nested and with showHidden', () => {
    expect(inspect(make())).toBe('Secret(env:OPENAI_API_KEY)');
    expect(inspect({ a: { b: make() } }, { depth: 10, showHidden: true })).not.toContain(VALUE);
    expect(format('%s %o %O %j', make(), make(), make(), make())).not.toContain(VALUE);
  });

  it('has no enumerable property holding the value', () => {
    const secret = make();
    expect(Object.values(secret)).not.toContain(VALUE);
    expect(JSON.stringify(Object.assign({}, secret))).not.toContain(VALUE);
    expect(Object.getOwnPropertyNames(secret).map((n) => (secret as unknown as Record<string, unknown>)[n])).not.toContain(VALUE);
  });

  it('does not leak through errors built from it', () => {
    const err = new Error(`upstream refused key ${String(make())}`);
    expect(err.message).not.toContain(VALUE);
    expect(inspect(err)).not.toContain(VALUE);
  });
});
