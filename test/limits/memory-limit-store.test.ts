import { createMemoryLimitStore } from '../../src/limits/memory/memory-limit-store.js';
import { limitStoreSuite } from './limit-store-suite.js';

limitStoreSuite('memory', () => createMemoryLimitStore());
