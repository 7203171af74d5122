export { FAIL_FAST_CLUSTER_OPTIONS, FAIL_FAST_REDIS_OPTIONS } from './fail-fast.js';
export {
  DEFAULT_REDIS_KEY_PREFIX,
  type RedisClusterConnectOptions,
  type RedisConnectOptions,
  RedisReplayStore,
  type RedisReplayStoreOptions,
} from './redis-replay-store.js';
export type { RedisCommands } from './replay-scripts.js';
