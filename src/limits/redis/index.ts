export { createRedisLimitStore, DEFAULT_COMMAND_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS, type RedisLimitStoreOptions } from './redis-limit-store.js';
export { DEFAULT_BREAKER, type BreakerOptions } from '../circuit-breaker.js';
