import { describe, expect, it } from 'vitest';
import { FAKE } from '../detect/secrets/test-fixtures.js';
import { fingerprinter } from './fingerprint.js';
import { maskSecret } from './mask.js';

describe('maskSecret', () => {
  it('shows the prefix and the last two characters of a long key', () => {
    expect(maskSecret(FAKE.openaiProject)).toBe(`${FAKE.openaiProject.slice(0, 6)}…${FAKE.openaiProject.slice(-2)}`);
  });

  it('never shows more than a third of any value', () => {
    for (const value of [FAKE.password, 'Zx81kPq02LmN', 'abc', FAKE.awsKeyId, FAKE.awsSecret, FAKE.gcpApiKey, FAKE.portcullis]) {
      const shown = maskSecret(value).replace('…', '');
      expect(shown.length, value).toBeLessThanOrEqual(Math.ceil(value.length / 3));
      expect(maskSecret(value)).not.toContain(value);
    }
  });

  it('shows only the header of a PEM private key', () => {
    expect(maskSecret(FAKE.pem)).toBe('-----BEGIN RSA PRIVATE KEY-----…');
  });
});

describe('fingerprinter', () => {
  it('is stable, keyed, and reveals nothing of the value', () => {
    const fp = fingerprinter();
    expect(fp(FAKE.openaiLegacy)).toBe(fp(FAKE.openaiLegacy));
    expect(fp(FAKE.openaiLegacy)).toMatch(/^[0-9a-f]{24}$/);
    expect(fp(FAKE.openaiLegacy)).not.toBe(fp(FAKE.openaiSvc));
    expect(fingerprinter('team-key')(FAKE.openaiLegacy)).not.toBe(fp(FAKE.openaiLegacy));
  });
});
