import { describe, expect, it } from 'vitest';
import { GATEWAY_KEY_PATTERN, base62, generateGatewayKey, generateKeyId, hashGatewayKey, hashesEqual, parseGatewayKey } from './gateway-key.js';

describe('generateGatewayKey', () => {
  it('has the form pcl_<env>_<base62>', () => {
    const key = generateGatewayKey('dev');
    expect(key).toMatch(/^pcl_dev_[0-9A-Za-z]+$/);
    expect(GATEWAY_KEY_PATTERN.test(key)).toBe(true);
  });

  it('carries at least 32 bytes of entropy: 43 base62 characters, fixed width', () => {
    const secrets = Array.from({ length: 50 }, () => generateGatewayKey('prod-eu').slice('pcl_prod-eu_'.length));
    for (const secret of secrets) {
      expect(secret).toHaveLength(43);
      expect(62 ** secret.length).toBeGreaterThanOrEqual(2 ** 256);
    }
  });

  it('never repeats', () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateGatewayKey('dev')));
    expect(keys.size).toBe(1000);
  });

  it('uses the whole base62 alphabet across many keys', () => {
    const chars = new Set(Array.from({ length: 200 }, () => generateGatewayKey('dev').slice(8)).join(''));
    expect(chars.size).toBe(62);
  });
});

describe('base62', () => {
  it('encodes known values at the fixed width for the byte length', () => {
    expect(base62(new Uint8Array([0]))).toBe('00');
    expect(base62(new Uint8Array([61]))).toBe('0z');
    expect(base62(new Uint8Array([62]))).toBe('10');
    expect(base62(new Uint8Array([255]))).toBe('47');
    expect(base62(new Uint8Array(32))).toBe('0'.repeat(43));
    expect(base62(new Uint8Array(32).fill(255))).toHaveLength(43);
  });

  it('is one-to-one on equal-length input', () => {
    expect(base62(new Uint8Array([1, 0]))).not.toBe(base62(new Uint8Array([0, 1])));
  });
});

describe('generateKeyId', () => {
  it('is key_ + 16 base62 characters and unique', () => {
    const ids = Array.from({ length: 200 }, generateKeyId);
    for (const id of ids) expect(id).toMatch(/^key_[0-9A-Za-z]{16}$/);
    expect(new Set(ids).size).toBe(200);
  });
});

describe('parseGatewayKey', () => {
  it('returns the environment of a well-formed key', () => {
    expect(parseGatewayKey(generateGatewayKey('dev'))).toEqual({ environment: 'dev' });
    expect(parseGatewayKey(generateGatewayKey('prod-eu-1'))).toEqual({ environment: 'prod-eu-1' });
    expect(parseGatewayKey(`pcl_${'a'.repeat(32)}_${'A'.repeat(43)}`)).toEqual({ environment: 'a'.repeat(32) });
  });

  it.each([
    ['empty', ''],
    ['provider key', 'sk-' + 'x'.repeat(48)],
    ['wrong prefix', `pk_dev_${'A'.repeat(43)}`],
    ['upper-case prefix', `PCL_dev_${'A'.repeat(43)}`],
    ['upper-case environment', `pcl_Dev_${'A'.repeat(43)}`],
    ['environment too long', `pcl_${'a'.repeat(33)}_${'A'.repeat(43)}`],
    ['secret too short', `pcl_dev_${'A'.repeat(39)}`],
    ['secret too long', `pcl_dev_${'A'.repeat(65)}`],
    ['non-base62 secret', `pcl_dev_${'A'.repeat(42)}+`],
    ['trailing newline', `pcl_dev_${'A'.repeat(43)}\n`],
    ['leading space', ` pcl_dev_${'A'.repeat(43)}`],
    ['no environment', `pcl__${'A'.repeat(43)}`],
  ])('refuses %s', (_label, key) => {
    expect(parseGatewayKey(key)).toBeUndefined();
  });
});

describe('hashGatewayKey', () => {
  it('is a deterministic SHA-256 hex digest', () => {
    const key = generateGatewayKey('dev');
    expect(hashGatewayKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashGatewayKey(key)).toBe(hashGatewayKey(key));
    expect(hashGatewayKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('differs for different keys and does not contain the key', () => {
    const a = generateGatewayKey('dev');
    const b = generateGatewayKey('dev');
    expect(hashGatewayKey(a)).not.toBe(hashGatewayKey(b));
    expect(hashGatewayKey(a)).not.toContain(a.slice(8, 20));
  });
});

describe('hashesEqual', () => {
  it('is true for equal digests, in any hex case', () => {
    const h = hashGatewayKey('k');
    expect(hashesEqual(h, h)).toBe(true);
    expect(hashesEqual(h, h.toUpperCase())).toBe(true);
  });

  it('is false for different digests and different lengths, without throwing', () => {
    const h = hashGatewayKey('k');
    expect(hashesEqual(h, hashGatewayKey('j'))).toBe(false);
    expect(hashesEqual(h, h.slice(0, 62))).toBe(false);
    expect(hashesEqual(h, '')).toBe(false);
    expect(hashesEqual(h, `${h}00`)).toBe(false);
  });

  it('is false for different strings that are not whole hex digests', () => {
    // Buffer.from(x, 'hex') stops at the first non-hex character and drops an odd last digit,
    // so a byte comparison alone would call these equal.
    expect(hashesEqual('abc', 'abd')).toBe(false);
    expect(hashesEqual('zz', 'yy')).toBe(false);
    expect(hashesEqual('0'.repeat(64), `${'0'.repeat(63)}x`)).toBe(false);
  });
});
