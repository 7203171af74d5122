// @ts-check
import { MemoryReplayStore } from '@hookguard/core';
import { RedisReplayStore } from '@hookguard/redis';

/**
 * With `REDIS_URL`, a Redis store shared by every instance (a replay is refused whichever
 * instance it reaches); without, a memory store for this instance only.
 *
 * @param {string | undefined} redisUrl
 * @returns {Promise<{ store: import('@hookguard/core').ReplayStore, close: () => Promise<void>, description: string }>}
 */
export async function replayStoreFromEnv(redisUrl = process.env.REDIS_URL) {
  if (redisUrl === undefined || redisUrl === '') {
    return {
      store: new MemoryReplayStore(),
      close: async () => {},
      description: 'in memory (this instance only; set REDIS_URL to share it)',
    };
  }
  const store = await RedisReplayStore.connect(redisUrl);
  return { store, close: () => store.close(), description: 'Redis (shared by every instance)' };
}
