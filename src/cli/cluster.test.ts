import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { checkSharedStores, normalizeWorkersFlag, parseWorkers } from './cluster.js';

describe('--workers', () => {
  it('takes a count, "auto", or nothing (one per core); absent means one process', () => {
    expect(parseWorkers(undefined)).toBeUndefined();
    expect(parseWorkers('3')).toBe(3);
    expect(parseWorkers('auto')).toBe(availableParallelism());
    expect(parseWorkers(normalizeWorkersFlag(['--workers'])[1])).toBe(availableParallelism());
    expect(normalizeWorkersFlag(['--workers', '--port', '0'])).toEqual(['--workers', 'auto', '--port', '0']);
    expect(normalizeWorkersFlag(['--workers', '4'])).toEqual(['--workers', '4']);
    for (const bad of ['0', '-1', '1.5', 'many', '100000']) expect(() => parseWorkers(bad)).toThrow(/--workers takes/);
  });

  it('refuses per-process stores with several workers, and allows them with one', () => {
    const memoryLimits = parseConfig({ environments: { dev: {} } });
    expect(() => { checkSharedStores(memoryLimits, 2); }).toThrow(/limits\.store\.kind "memory"/);
    expect(() => { checkSharedStores(memoryLimits, 1); }).not.toThrow();
    const memoryStore = parseConfig({ store: { kind: 'memory' }, limits: { store: { kind: 'sqlite' } }, environments: { dev: {} } });
    expect(() => { checkSharedStores(memoryStore, 2); }).toThrow(/store\.kind "memory"/);
    const shared = parseConfig({ limits: { store: { kind: 'sqlite' } }, environments: { dev: {} } });
    expect(() => { checkSharedStores(shared, 8); }).not.toThrow();
  });
});
