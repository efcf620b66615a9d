import { describe, expect, it } from 'vitest';
import { closestName } from './closest-name.js';

const KNOWN = ['server', 'dataDir', 'store', 'log', 'audit', 'egress', 'upstream', 'environments', 'mockProvider'];

describe('closestName', () => {
  it('finds a one-letter typo', () => {
    expect(closestName('sever', KNOWN)).toBe('server');
    expect(closestName('stor', KNOWN)).toBe('store');
    expect(closestName('enviroments', KNOWN)).toBe('environments');
  });

  it('ignores case', () => {
    expect(closestName('DATADIR', KNOWN)).toBe('dataDir');
    expect(closestName('datadir', KNOWN)).toBe('dataDir');
  });

  it('finds transpositions and up to three edits', () => {
    expect(closestName('sotre', KNOWN)).toBe('store'); // two substitutions
    expect(closestName('upstrm', KNOWN)).toBe('upstream'); // two deletions
    expect(closestName('serve123', ['server'])).toBe('server'); // one substitution, two insertions
  });

  it('gives nothing beyond distance 3', () => {
    expect(closestName('xyzxyz', KNOWN)).toBeUndefined();
    expect(closestName('servertime', KNOWN)).toBeUndefined(); // four insertions
    expect(closestName('mockProv', KNOWN)).toBeUndefined(); // four letters short of mockProvider
  });

  it('prefers the nearest candidate and the first of equals', () => {
    expect(closestName('port', ['host', 'port'])).toBe('port');
    expect(closestName('pot', ['port', 'pit'])).toBe('port');
    expect(closestName('ab', ['ax', 'xb'])).toBe('ax');
  });

  it('gives nothing for an empty list', () => {
    expect(closestName('server', [])).toBeUndefined();
  });
});
