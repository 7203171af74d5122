// @ts-check
import { MemoryReplayStore } from '@hookguard/core';
import { PostgresReplayStore } from '@hookguard/postgres';
import { RedisReplayStore } from '@hookguard/redis';

/**
 * The replay store, from the environment, shared by every instance of the app when it can
 * be: `DATABASE_URL` (PostgreSQL; the table is created if missing), `REDIS_CLUSTER_NODES`
 * (`host:port,host:port`, a Redis Cluster) or `REDIS_URL` (one Redis); without any, a memory
 * store for this instance only. A store that is configured but unreachable at start-up
 * stops the app, rather than running without the protection the operator asked for.
 *
 * @param {Record<string, string | undefined>} env
 * @returns {Promise<{ store: import('@hookguard/core').ReplayStore, close: () => Promise<void>, description: string }>}
 */
export async function replayStoreFromEnv(env = process.env) {
  if (env.DATABASE_URL) {
    const store = await PostgresReplayStore.connect(env.DATABASE_URL, { migrate: true });
    return {
      store,
      close: () => store.close(),
      description: 'PostgreSQL (shared by every instance)',
    };
  }
  if (env.REDIS_CLUSTER_NODES) {
    const nodes = env.REDIS_CLUSTER_NODES.split(',').map((node) => {
      const [host = '', port = ''] = node.trim().split(':');
      return { host, port: Number(port) };
    });
    const store = await RedisReplayStore.connectCluster(nodes);
    return {
      store,
      close: () => store.close(),
      description: 'Redis Cluster (shared by every instance)',
    };
  }
  if (env.REDIS_URL) {
    const store = await RedisReplayStore.connect(env.REDIS_URL);
    return { store, close: () => store.close(), description: 'Redis (shared by every instance)' };
  }
  return {
    store: new MemoryReplayStore(),
    close: async () => {},
    description:
      'in memory (this instance only; set DATABASE_URL, REDIS_CLUSTER_NODES or REDIS_URL to share it)',
  };
}
