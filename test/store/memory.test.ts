import { createMemoryStore } from '../../src/store/memory/memory-store.js';
import { storeSuite } from './store-suite.js';

storeSuite('memory', () => createMemoryStore());
