export {
  DEFAULT_REDIS_KEY_PREFIX,
  FAIL_FAST_REDIS_OPTIONS,
  type RedisCommands,
  RedisReplayStore,
  type RedisReplayStoreOptions,
} from './redis-replay-store.js';
